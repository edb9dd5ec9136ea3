package com.hhcommerce.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka 3.9 broker in KRaft mode, and the ZooKeeper that only the CDC's leader election
 * uses; both are child JVMs on the class path of this module (the kafka_2.13 jar and its dependencies).
 */
final class KafkaServers {

  private KafkaServers() {
  }

  static ManagedProcess zookeeper(StackSettings settings) {
    Path dir = settings.home().resolve("zookeeper");
    Path config = dir.resolve("zookeeper.properties");
    write(config, """
        dataDir=%s
        clientPort=%d
        clientPortAddress=127.0.0.1
        maxClientCnxns=0
        admin.enableServer=false
        4lw.commands.whitelist=ruok,srvr
        """.formatted(dir.resolve("data"), settings.zookeeperPort()));
    return new ManagedProcess("zookeeper",
        javaCommand(settings, dir, false, "-Xmx96m", "org.apache.zookeeper.server.ZooKeeperServerMain", config.toString()),
        Map.of(), settings.logs().resolve("zookeeper.log"), settings.zookeeperPort(),
        () -> Ports.accepts(settings.zookeeperPort()));
  }

  static ManagedProcess kafka(StackSettings settings) {
    Path dir = settings.home().resolve("kafka");
    Path config = dir.resolve("server.properties");
    write(config, """
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@127.0.0.1:%2$d
        listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
        advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
        controller.listener.names=CONTROLLER
        listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
        inter.broker.listener.name=PLAINTEXT
        log.dirs=%3$s
        num.partitions=%4$d
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=10
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        group.initial.rebalance.delay.ms=0
        auto.create.topics.enable=true
        log.retention.hours=168
        # threads for two cores (3 network, 8 request handlers and 10 background threads by default)
        num.network.threads=2
        num.io.threads=2
        background.threads=2
        """.formatted(settings.kafkaPort(), settings.kafkaControllerPort(), dir.resolve("data"), settings.topicPartitions()));
    if (!Files.exists(dir.resolve("data/meta.properties"))) {
      format(settings, dir, config);
    }
    return new ManagedProcess("kafka",
        javaCommand(settings, dir, true, "-Xmx384m", "kafka.Kafka", config.toString()),
        Map.of(), settings.logs().resolve("kafka.log"), settings.kafkaPort(),
        () -> Ports.accepts(settings.kafkaPort()) && brokerAnswers(settings));
  }

  private static void format(StackSettings settings, Path dir, Path config) {
    List<String> command = javaCommand(settings, dir, false, "-Xmx128m", "kafka.tools.StorageTool",
        "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logs().resolve("kafka.log").toFile())).start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new StackException("Formatting the Kafka storage failed; see " + settings.logs().resolve("kafka.log"));
      }
    } catch (IOException e) {
      throw new StackException("Cannot format the Kafka storage: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  private static boolean brokerAnswers(StackSettings settings) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** @param broker whether this is the Kafka broker, which every message passes through (Jvm.pipelineFlags) */
  private static List<String> javaCommand(StackSettings settings, Path dir, boolean broker, String heap, String mainClass, String... args) {
    Path log4j = dir.resolve("log4j.properties");
    write(log4j, """
        log4j.rootLogger=INFO, stdout
        log4j.appender.stdout=org.apache.log4j.ConsoleAppender
        log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
        log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
        log4j.logger.kafka.request.logger=WARN
        log4j.logger.state.change.logger=WARN
        log4j.logger.org.apache.kafka.controller=WARN
        """);
    String[] arguments = {heap, "-Dlog4j.configuration=" + log4j.toUri(), "-cp", Jvm.stackClassPath(settings), mainClass};
    List<String> command = broker ? Jvm.pipelineCommand(arguments) : Jvm.command(arguments);
    command.addAll(List.of(args));
    return command;
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new StackException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
