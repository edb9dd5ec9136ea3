package com.hhcommerce.cdc;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Creates the command, reply and event topics listed in hh.cdc.topics before any pipeline starts,
 * waiting for the broker for up to hh.cdc.kafka-wait-seconds ({@link CdcProperties}).
 */
class TopicCreator implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    Environment env = event.getEnvironment();
    CdcProperties settings = CdcProperties.from(env);
    List<String> topics = settings.topics().stream().map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toList());
    if (topics.isEmpty()) {
      return;
    }
    int partitions = settings.topicPartitions();
    short replication = settings.topicReplicationFactor();
    Duration limit = Duration.ofSeconds(settings.kafkaWaitSeconds());

    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.getRequiredProperty("eventuatelocal.kafka.bootstrap.servers"));
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    try (AdminClient admin = AdminClient.create(config)) {
      int created = StartupRetry.until(limit, "Kafka to create topics " + topics, () -> {
        Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
            .map(t -> new NewTopic(t, partitions, replication)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
          admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
        }
        return missing.size();
      });
      log.info("Kafka topics ready: {} ({} created now, {} partitions each)", topics, created, partitions);
    }
  }
}
