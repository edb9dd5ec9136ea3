package com.hhcommerce.stack.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.stack.Jvm;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackSettings;
import com.hhcommerce.stack.compose.ComposeFile.ComposeService;
import com.hhcommerce.stack.e2e.WorkedExample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, run: no image can be pulled here, so each service of ours starts as a process from its compose
 * definition as compose resolves it with a .env of the test's own secrets (its environment, its published ports, the
 * host names it is given, its image's entry point and memory limit, its healthcheck as readiness, its depends_on
 * conditions as start order); the servers compose takes from images (MariaDB with compose's server options and
 * nothing else, Kafka, ZooKeeper, Redis, Zipkin, the try-it mail stand-in) are the local stack's, reached under their
 * compose host names (LoopbackNetwork), and a server's healthcheck that needs only bash runs against its stand-in.
 * Then the README's worked example runs against the published ports. What this does not prove: the images
 * themselves, the servers' healthchecks that need their image's tools, volumes, memory limits enforced, and
 * compose's own scheduling.
 */
class ComposeIT {

  private static final Path REPO = StackSettings.fromEnvironment().repository();
  /** Profiles the worked example needs beside the default deployment: the mail stand-in it reads. */
  private static final Set<String> PROFILES = Set.of("try-it");
  private static final String ENTRYPOINT_SCRIPTS = "/docker-entrypoint-initdb.d/";

  @Test
  void theComposeDeploymentServesTheWorkedExample() throws Exception {
    Map<String, String> dotEnv = secrets();
    Path envFile = Files.createTempFile("compose", ".env");
    Files.writeString(envFile, dotEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
    ComposeFile compose = ComposeFile.read(REPO.resolve("docker-compose.yml"), envFile);
    Map<String, ComposeService> deployed = compose.services().values().stream()
        .filter(s -> s.profiles().isEmpty() || s.profiles().stream().anyMatch(PROFILES::contains))
        .collect(Collectors.toMap(ComposeService::name, s -> s, (a, b) -> a, LinkedHashMap::new));
    StackSettings settings = new StackSettings(REPO, REPO.resolve("local-stack/target/compose-stack"), 300, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of());

    try (LocalStack servers = LocalStack.startServers(settings, compose.service("mariadb").command());
         LoopbackNetwork network = new LoopbackNetwork(List.copyOf(deployed.keySet()), settings.home().resolve("compose"))) {
      initialiseDatabase(servers, compose.service("mariadb"));
      Map<String, Map<Integer, Integer>> standIns = Map.of(
          "mariadb", Map.of(3306, settings.dbPort()),
          "zookeeper", Map.of(2181, settings.zookeeperPort()),
          "kafka", Map.of(9092, settings.kafkaPort()),
          "redis", Map.of(6379, settings.redisPort()),
          "zipkin", Map.of(9411, settings.zipkinPort()),
          "mail", Map.of(3025, settings.mailPort(), 8080, settings.mailApiPort()));
      for (ComposeService server : deployed.values()) {
        if (server.build().isEmpty()) {
          assertThat(standIns).as("a local server for compose's %s", server.name()).containsKey(server.name());
          for (Map.Entry<Integer, Integer> port : standIns.get(server.name()).entrySet()) {
            network.forward(server.name(), port.getKey(), port.getValue());
          }
          serversHealthcheckPassesWhereItRunsHere(server, network);
        }
      }
      List<ManagedProcess> started = new ArrayList<>();
      Map<String, ComposeService> byProcess = new LinkedHashMap<>();
      try {
        startInDependencyOrder(deployed, network, settings, started, byProcess);
        runTheWorkedExample(compose, dotEnv, settings);
      } finally {
        Collections.reverse(started);
        started.parallelStream().forEach(p -> p.stop(byProcess.get(p.name()).stopGracePeriod()));
      }
    }
  }

  /** As compose starts them: a service once each of its dependencies meets its condition, those ready together at once. */
  private static void startInDependencyOrder(Map<String, ComposeService> deployed, LoopbackNetwork network, StackSettings settings,
                                             List<ManagedProcess> started, Map<String, ComposeService> byProcess) throws IOException {
    for (ComposeService service : deployed.values()) {
      service.dependsOn().forEach((dependency, condition) -> {
        assertThat(deployed).as("%s depends on %s, which is deployed", service.name(), dependency).containsKey(dependency);
        if (condition.equals("service_healthy")) {
          assertThat(deployed.get(dependency).healthcheckCommand()).as("%s waits for %s to be healthy: it has a healthcheck",
              service.name(), dependency).isNotEmpty();
        }
      });
    }
    Set<String> healthy = deployed.values().stream().filter(s -> s.build().isEmpty()).map(ComposeService::name)
        .collect(Collectors.toCollection(java.util.HashSet::new)); // the local servers are up and answering
    List<ComposeService> waiting = deployed.values().stream().filter(s -> s.build().isPresent()).collect(Collectors.toCollection(ArrayList::new));
    int macAddress = 1;
    while (!waiting.isEmpty()) {
      List<ComposeService> startable = waiting.stream().filter(s -> s.dependsOn().keySet().stream().allMatch(healthy::contains)).toList();
      assertThat(startable).as("services whose dependencies are met, of %s (a dependency on a service not deployed, or a cycle)",
          waiting.stream().map(ComposeService::name).toList()).isNotEmpty();
      List<ManagedProcess> wave = new ArrayList<>();
      for (ComposeService service : startable) {
        ManagedProcess process = process(service, network, settings, macAddress++);
        process.start();
        started.add(process);
        byProcess.put(process.name(), service);
        wave.add(process);
        for (Map.Entry<Integer, Integer> port : service.firstPublishedPorts().entrySet()) {
          network.publish(port.getValue(), service.name(), port.getKey());
        }
      }
      for (ManagedProcess process : wave) {
        ComposeService service = byProcess.get(process.name());
        assertThat(service.healthcheckCommand()).as("%s has a healthcheck (its readiness)", service.name()).isNotEmpty();
        process.awaitReady(service.healthcheckDuration("start_period", Duration.ZERO)
            .plus(service.healthcheckDuration("interval", Duration.ofSeconds(30)).multipliedBy(service.healthcheckRetries())));
        healthy.add(service.name());
      }
      waiting.removeAll(startable);
    }
  }

  /**
   * A server's healthcheck that needs only bash (not a tool of its image) runs here against its stand-in, under the
   * server's compose address: ZooKeeper's "ruok" proves the command and the four-letter-word whitelist it relies on.
   */
  private static void serversHealthcheckPassesWhereItRunsHere(ComposeService server, LoopbackNetwork network) {
    List<String> healthcheck = server.healthcheckCommand();
    if (!healthcheck.isEmpty() && healthcheck.get(0).equals("bash")) {
      String address = network.address(server.name());
      List<String> command = healthcheck.stream().map(part -> part.replace("127.0.0.1", address)).toList();
      assertThat(succeeds(command, server.healthcheckDuration("timeout", Duration.ofSeconds(30))))
          .as("%s's healthcheck %s against its stand-in", server.name(), command).isTrue();
    }
  }

  /**
   * The service as its container would run it: the image's entry point (the jar its Dockerfile copies), the
   * environment compose gives it, its own address (SERVER_ADDRESS: a container listens on its own network) and MAC
   * address (Eventuate's message ids), the compose host names, and its memory limit as the JVM would see it.
   */
  private static ManagedProcess process(ComposeService service, LoopbackNetwork network, StackSettings settings, int macAddress)
      throws IOException {
    Path build = service.build().orElseThrow();
    List<String> entrypoint = entrypoint(build);
    assertThat(entrypoint.get(0)).as("%s's image runs java", service.name()).isEqualTo("java");
    List<String> command = new ArrayList<>(List.of(Jvm.java(), "-Djdk.net.hosts.file=" + network.hostsFile()));
    service.memoryLimit().ifPresent(limit -> command.add("-XX:MaxRAM=" + limit));
    assertThat(service.memoryLimit()).as("%s has a memory limit", service.name()).isPresent();
    command.addAll(Jvm.flags()); // the local stack's JIT settings for two shared cores; the image's own flags follow
    command.addAll(entrypoint.subList(1, entrypoint.size()));
    Map<String, String> environment = new LinkedHashMap<>(service.environment());
    String address = network.address(service.name());
    environment.put("SERVER_ADDRESS", address);
    environment.put("EVENTUATE_MAC_ADDRESS", String.valueOf(macAddress));
    List<String> healthcheck = service.healthcheckCommand().stream().map(part -> part.replace("127.0.0.1", address)).toList();
    int port = Integer.parseInt(environment.getOrDefault("SERVER_PORT", environment.getOrDefault("HH_CDC_PORT", "8080")));
    return new ManagedProcess("compose-" + service.name(), command, environment, settings.logs().resolve("compose-" + service.name() + ".log"),
        port, () -> succeeds(healthcheck, service.healthcheckDuration("timeout", Duration.ofSeconds(30))));
  }

  /** The Dockerfile's ENTRYPOINT, each path its COPY put in the image read from the build folder. */
  private static List<String> entrypoint(Path build) throws IOException {
    Map<String, String> copied = new LinkedHashMap<>();
    List<String> entrypoint = null;
    for (String line : Files.readAllLines(build.resolve("Dockerfile"))) {
      Matcher copy = Pattern.compile("COPY\\s+(\\S+)\\s+(\\S+)").matcher(line.trim());
      if (copy.matches()) {
        copied.put(copy.group(2), build.resolve(copy.group(1)).toString());
      }
      if (line.startsWith("ENTRYPOINT")) {
        entrypoint = List.of(new ObjectMapper().readValue(line.substring("ENTRYPOINT".length()).trim(), String[].class));
      }
    }
    assertThat(entrypoint).as("%s/Dockerfile has an ENTRYPOINT in exec form", build).isNotNull();
    return entrypoint.stream().map(part -> copied.getOrDefault(part, part)).toList();
  }

  private static boolean succeeds(List<String> command, Duration timeout) {
    try {
      Process check = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!check.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        check.destroyForcibly();
        return false;
      }
      return check.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * As the MariaDB image initialises an empty volume: root's password from its environment, then each file compose
   * mounts in /docker-entrypoint-initdb.d in name order, SQL through the client and shell scripts with the image's
   * environment (the database accounts' passwords from .env).
   */
  private static void initialiseDatabase(LocalStack servers, ComposeService database) throws Exception {
    Map<String, String> environment = new LinkedHashMap<>(database.environment());
    String rootPassword = environment.get("MARIADB_ROOT_PASSWORD");
    assertThat(rootPassword).as("compose gives the database a root password").isNotBlank();
    try (Connection admin = servers.adminConnection();
         PreparedStatement root = admin.prepareStatement("ALTER USER 'root'@'localhost' IDENTIFIED BY ?")) {
      root.setString(1, rootPassword);
      root.execute();
    }
    environment.putAll(servers.databaseShellEnvironment());
    Map<String, Path> scripts = new java.util.TreeMap<>();
    database.mounts().forEach((target, source) -> {
      if (target.startsWith(ENTRYPOINT_SCRIPTS)) {
        scripts.put(target.substring(ENTRYPOINT_SCRIPTS.length()), source);
      }
    });
    assertThat(scripts.keySet()).as("the database's initialisation scripts").hasSizeGreaterThanOrEqualTo(2);
    for (Path script : scripts.values()) {
      ProcessBuilder run = script.toString().endsWith(".sql")
          ? new ProcessBuilder(onPath("mariadb", environment.get("PATH")), "--protocol=socket", "-uroot", "-p" + rootPassword)
              .redirectInput(script.toFile())
          : new ProcessBuilder("sh", script.toString());
      run.environment().putAll(environment);
      Process process = run.redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("%s ran: %s", script.getFileName(), output).isZero();
    }
  }

  /** A program as a shell with this PATH finds it (ProcessBuilder looks in the test's own PATH). */
  private static String onPath(String program, String path) {
    return java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable).findFirst().map(Path::toString).orElse(program);
  }

  /** The worked example against compose's published ports, signed in as compose's operator. */
  private static void runTheWorkedExample(ComposeFile compose, Map<String, String> dotEnv, StackSettings settings) throws Exception {
    String script = WorkedExample.script();
    assertThat(script).as("the example signs in as the local stack's operator").contains(LocalStack.OPERATOR_PASSWORD);
    for (Service service : Service.values()) {
      int published = compose.service(service.serviceName()).firstPublishedPorts().get(8080);
      script = script.replace("http://127.0.0.1:" + service.defaultPort(), "http://127.0.0.1:" + published);
    }
    script = script.replace(LocalStack.OPERATOR_PASSWORD, dotEnv.get("HH_IDENTITY_OPERATOR_PASSWORD"));
    script = script.replace("http://127.0.0.1:" + StackSettings.MAIL_API_PORT, "http://127.0.0.1:" + settings.mailApiPort());
    WorkedExample.runAndCheck(script);
  }

  /**
   * A .env as the deployment guide says to write it: every variable of .env.example given a value of its own. The
   * database passwords carry a quote and a backslash, which compose, the initialisation and the services must pass
   * through intact.
   */
  private static Map<String, String> secrets() throws IOException {
    Properties example = new Properties();
    try (var reader = Files.newBufferedReader(REPO.resolve(".env.example"))) {
      example.load(reader);
    }
    SecureRandom random = new SecureRandom();
    Map<String, String> dotEnv = new LinkedHashMap<>();
    for (String name : example.stringPropertyNames()) {
      String value = Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      dotEnv.put(name, name.endsWith("_DB_PASSWORD") ? value + "'s\\" : value);
    }
    return dotEnv;
  }
}
