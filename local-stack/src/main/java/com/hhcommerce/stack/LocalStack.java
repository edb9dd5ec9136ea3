package com.hhcommerce.stack;

import com.hhcommerce.cdc.api.CdcExitCodes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole system as processes: MariaDB (or an external MySQL), ZooKeeper, Kafka, Redis (or an external
 * one), a mail server and a data platform stand-in (or external ones), the cdc-service and the seven services. The run command, the end-to-end tests and the benchmark all start it through here.
 */
public final class LocalStack implements AutoCloseable {

  public static final String CDC = "cdc-service";
  /** The stack's staff accounts for signing in (POST /auth/tokens; the support console too); local runs only. */
  public static final String OPERATOR_EMAIL = "operator@hh-commerce.local";
  public static final String OPERATOR_PASSWORD = "operator-local";
  public static final String SUPPORT_EMAIL = "support@hh-commerce.local";
  /** The support account's password unless hh.stack.support-password says another; never a deployment's. */
  public static final String SUPPORT_PASSWORD = "support";
  /** Prometheus's HTTP Basic password for /actuator/prometheus (user "prometheus"); local runs only. */
  public static final String METRICS_SCRAPE_PASSWORD = "metrics-local";
  /** Any binlog client id but the leader's (cdc-service's default): two readers with one id evict each other. */
  private static final int STANDBY_BINLOG_CLIENT_ID = 6002;
  private static final Duration INFRA_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(240);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final StackSettings settings;
  private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
  private Duration startupTime = Duration.ZERO;
  private final Instant began = Instant.now();
  private volatile boolean closed;

  LocalStack(StackSettings settings) {
    this.settings = settings;
  }

  /**
   * Starts everything from empty data folders and returns once every process is healthy. Refuses while another
   * JVM's stack runs in the same home; once healthy, this JVM answers ./stack restart until the stack is closed.
   */
  public static LocalStack start(StackSettings settings) {
    return start(settings, stack -> {
      stack.startServers(MariaDbServer.STACK_OPTIONS);
      stack.startApplications();
    });
  }

  /**
   * Only the servers the services use (MariaDB with these server options instead of the stack's, ZooKeeper, Kafka,
   * Redis and the outside world's stand-ins), for a test that starts the services its own way; stopped and cleared
   * like a stack.
   */
  public static LocalStack startServers(StackSettings settings, List<String> databaseOptions) {
    return start(settings, stack -> stack.startServers(databaseOptions));
  }

  private static LocalStack start(StackSettings settings, java.util.function.Consumer<LocalStack> starting) {
    StackLauncher.claim(StackStopper.launcherFile(settings)).ifPresent(running -> {
      throw new StackException(running.describe(settings.home()));
    });
    deleteRecursively(RestartRequests.folder(settings)); // asked of an earlier stack
    LocalStack stack = new LocalStack(settings);
    // whoever started the stack may be ended by a signal (a test run cut short): take the processes along
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
    try {
      starting.accept(stack);
      stack.startupTime = Duration.between(stack.began, Instant.now());
      RestartRequests.serve(RestartRequests.folder(settings), name -> RestartRequests.restart(stack, name), () -> stack.closed);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startServers(List<String> databaseOptions) {
    resetData();
    if (settings.externalDatabase().isEmpty()) {
      awaitReady(List.of(launch(MariaDbServer.prepare(settings, databaseOptions))), INFRA_TIMEOUT);
    }
    MariaDbServer.bootstrap(settings);

    List<ManagedProcess> infrastructure = new ArrayList<>(List.of(launch(KafkaServers.zookeeper(settings)), launch(KafkaServers.kafka(settings))));
    if (settings.externalRedis().isEmpty()) {
      infrastructure.add(launch(RedisServer.prepare(settings)));
    }
    if (settings.externalMail().isEmpty()) {
      infrastructure.add(launch(OutsideServers.mail(settings)));
    }
    if (settings.externalDataPlatform().isEmpty()) {
      infrastructure.add(launch(OutsideServers.dataPlatform(settings)));
    }
    infrastructure.add(launch(OutsideServers.zipkin(settings)));
    awaitReady(infrastructure, INFRA_TIMEOUT);
  }

  private void startApplications() {
    for (Service service : Service.values()) {
      Path jar = settings.repository().resolve(service.jarPath());
      if (!Files.isRegularFile(jar)) {
        throw new StackException("Missing " + jar + ": build first with ./mvnw -q install -DskipTests");
      }
    }
    List<ManagedProcess> apps = new ArrayList<>();
    apps.add(launch(cdcService()));
    for (Service service : Service.values()) {
      for (int instance = 1; instance <= settings.instances(service); instance++) {
        apps.add(launch(instance(service, instance, Map.of())));
      }
    }
    awaitReady(apps, APP_TIMEOUT);
    writePidFile();
    superviseCdc();
  }

  /**
   * Restarts cdc-service when it exits asking for it (code 3: its publishing watchdog found it stalled), as
   * docker-compose's restart policy does, and goes on restarting it until it is healthy: a restart while Kafka or
   * the database is still down ends in the CDC giving up at start, which is not a reason to stay down. A kill or stop
   * by a test or by Ctrl-C is not restarted.
   */
  private void superviseCdc() {
    Thread supervisor = new Thread(() -> {
      boolean restarting = false;
      while (!closed) {
        ManagedProcess cdc = process(CDC); // a test may have replaced it (restartCdcWith)
        if (!restarting && cdc.exitCode().orElse(0) == CdcExitCodes.RESTART_ME) {
          System.out.println("cdc-service exited to be restarted (its publishing watchdog found it stalled): restarting it");
          restarting = true;
        }
        if (restarting && !cdc.isAlive()) {
          try {
            restart(CDC);
            restarting = false;
            System.out.println("cdc-service is back");
          } catch (StackException e) {
            String reason = e.getMessage().lines().findFirst().orElse("");
            System.out.println("cdc-service did not come back (" + reason + "): trying again in 5 s");
            if (!ManagedProcess.pauseUnlessInterrupted(Duration.ofSeconds(5))) {
              return;
            }
          }
        }
        if (!ManagedProcess.pauseUnlessInterrupted(Duration.ofSeconds(1))) {
          return;
        }
      }
    }, "stack-cdc-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /** Each in turn, saying when it is (a start takes minutes on two cores: a line per process, not silence). */
  private void awaitReady(List<ManagedProcess> started, Duration timeout) {
    for (ManagedProcess process : started) {
      process.awaitReady(timeout);
      progress(process.name() + " is ready");
    }
  }

  private void progress(String what) {
    System.out.printf("  %6.1f s  %s%n", Duration.between(began, Instant.now()).toMillis() / 1000.0, what);
  }

  private ManagedProcess launch(ManagedProcess process) {
    progress("starting " + process.name());
    processes.put(process.name(), process);
    process.start();
    writePidFile();
    return process;
  }

  private ManagedProcess cdcService() {
    return cdcService(CDC, settings.cdcPort(), null, Map.of());
  }

  /**
   * A second cdc-service on the same database, ZooKeeper lock and offset store: it waits as a hot standby and
   * takes over the binlog when the leader's ZooKeeper session ends. Needs its own port and binlog client id.
   */
  public ManagedProcess startStandbyCdc() {
    return startExtra(cdcService(CDC + "-standby", settings.cdcPort() - 1, STANDBY_BINLOG_CLIENT_ID, Map.of()));
  }

  /** binlogClientId null: the CDC's own default. */
  private ManagedProcess cdcService(String name, int port, Integer binlogClientId, Map<String, String> extraEnv) {
    Path jar = settings.repository().resolve("cdc-service/target/cdc-service.jar");
    Map<String, String> env = new HashMap<>(Map.of(
        "HH_DB_HOST", settings.dbHost(),
        "HH_DB_PORT", String.valueOf(settings.dbPort()),
        "HH_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers(),
        "HH_ZOOKEEPER_CONNECT", "127.0.0.1:" + settings.zookeeperPort(),
        "HH_CDC_PORT", String.valueOf(port),
        "HH_CDC_ADDRESS", "127.0.0.1",
        "HH_CDC_DB_PASSWORD", "cdc",
        "HH_CDC_TOPIC_PARTITIONS", String.valueOf(settings.topicPartitions())));
    if (binlogClientId != null) {
      env.put("HH_CDC_BINLOG_CLIENT_ID", String.valueOf(binlogClientId));
    }
    env.putAll(extraEnv);
    return new ManagedProcess(name, Jvm.pipelineCommand("-Xmx256m", "-jar", jar.toString()),
        env, settings.logs().resolve(name + ".log"), port, () -> healthUp(port));
  }

  /**
   * Instance n of a service: named service-n from the second on, 100 ports above the one before, with an Eventuate
   * "MAC address" of its own (message ids are unique per address).
   */
  private ManagedProcess instance(Service service, int instance, Map<String, String> extraEnv) {
    return service(service, instanceName(service, instance), settings.servicePort(service, instance),
        (instance - 1) * 16 + service.ordinal() + 1, extraEnv);
  }

  public static String instanceName(Service service, int instance) {
    return instance == 1 ? service.serviceName() : service.serviceName() + "-" + instance;
  }

  /** A process's name without its instance number ({@link #instanceName}): inventory-service-2 is inventory-service. */
  public static String withoutInstance(String processName) {
    return processName.replaceFirst("-\\d+$", "");
  }

  /**
   * Starts instance n of a service beside the running ones, as --instances would have, with extra environment (e.g.
   * settings a test needs); stopped with the stack.
   */
  public ManagedProcess startInstance(Service service, int instance, Map<String, String> extraEnv) {
    return startExtra(instance(service, instance, extraEnv));
  }

  /**
   * One more instance of a service beside the stack's own, under its own name, port and Eventuate MAC address,
   * with extra environment (e.g. a rebuild of the ranking under a fresh consumer group); stopped with the stack.
   */
  public ManagedProcess startExtraInstance(Service service, String name, int port, int macAddress, Map<String, String> extraEnv) {
    return startExtra(service(service, name, port, macAddress, extraEnv));
  }

  private ManagedProcess service(Service service, String name, int port, int macAddress, Map<String, String> extraEnv) {
    Path jar = settings.repository().resolve(service.jarPath());
    Map<String, String> env = new HashMap<>(Map.of(
        "HH_DB_HOST", settings.dbHost(),
        "HH_DB_PORT", String.valueOf(settings.dbPort()),
        // database-bootstrap.sql's local password: the account's own name
        "HH_DB_PASSWORD", service.serviceName().replace('-', '_'),
        "HH_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers(),
        "SERVER_PORT", String.valueOf(port),
        // Eventuate builds message ids from time + MAC address + counter: processes sharing a host share a
        // MAC, so two services could mint the same id in the same millisecond and the receiver would drop
        // the second message as a duplicate. Each process gets its own "MAC" here.
        "EVENTUATE_MAC_ADDRESS", String.valueOf(macAddress),
        // every service verifies access tokens against the identity's published keys
        "HH_SECURITY_KEY_SET_URI", "http://127.0.0.1:" + settings.servicePort(Service.CUSTOMER_WALLET, 1) + "/.well-known/jwks.json",
        "HH_METRICS_SCRAPE_PASSWORD", METRICS_SCRAPE_PASSWORD,
        "HH_TRACING_EXPORT_ENABLED", "true",
        "HH_TRACING_ZIPKIN_URL", "http://127.0.0.1:" + settings.zipkinPort() + "/api/v2/spans"));
    if (service == Service.RANKING || service == Service.COUPON) {
      env.put("HH_REDIS_HOST", settings.redisHost());
      env.put("HH_REDIS_PORT", String.valueOf(settings.redisPort()));
    }
    if (service == Service.RELAY) {
      env.put("HH_MAIL_HOST", settings.mailHost());
      env.put("HH_MAIL_PORT", String.valueOf(settings.mailPort()));
      env.put("HH_DATA_PLATFORM_URL", settings.dataPlatformUrl());
    }
    if (service == Service.CUSTOMER_WALLET) {
      // one signing key for every instance, kept across restarts so that tokens outlive one
      env.put("HH_IDENTITY_SIGNING_KEY", SigningKeyFile.ensure(settings.signingKey()).toString());
      env.put("HH_IDENTITY_OPERATOR_EMAIL", OPERATOR_EMAIL);
      env.put("HH_IDENTITY_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
      env.put("HH_IDENTITY_SUPPORT_EMAIL", SUPPORT_EMAIL);
      env.put("HH_IDENTITY_SUPPORT_PASSWORD", StackSettings.setting("support-password", SUPPORT_PASSWORD));
      // every client of a local stack (the tests, the benchmark's thousands of customers) comes from 127.0.0.1
      env.put("HH_IDENTITY_SIGN_INS_PER_ADDRESS", "1000000");
      env.put("HH_IDENTITY_SIGN_UPS_PER_ADDRESS", "1000000");
    }
    if (service == Service.ORDER) {
      // the support console signs in at the identity (its relay, POST /console/tokens), with the support account above
      env.put("HH_SECURITY_IDENTITY_URL", "http://127.0.0.1:" + settings.servicePort(Service.CUSTOMER_WALLET, 1));
      env.put("HH_SUPPORT_SIGN_IN_HINT", "Local stack: " + SUPPORT_EMAIL + " / " + StackSettings.setting("support-password", SUPPORT_PASSWORD) + ".");
      env.put("HH_SUPPORT_STUCK_AFTER", StackSettings.setting("support-stuck-after", "PT5M"));
      // the console links each order to its trace: Zipkin's search for the spans tagged with the order id
      env.put("HH_SUPPORT_TRACE_LINK", "http://localhost:" + settings.zipkinPort()
          + "/zipkin/?annotationQuery=hh.order.id%3D{orderId}&lookback=7d&limit=10");
      // the console's parked messages: each service's GET /parked-messages, at its first instance
      env.put("HH_CONSOLE_SERVICES_ORDER", "http://127.0.0.1:" + settings.servicePort(Service.ORDER, 1));
      env.put("HH_CONSOLE_SERVICES_INVENTORY", "http://127.0.0.1:" + settings.servicePort(Service.INVENTORY, 1));
      env.put("HH_CONSOLE_SERVICES_COUPON", "http://127.0.0.1:" + settings.servicePort(Service.COUPON, 1));
      env.put("HH_CONSOLE_SERVICES_CUSTOMERWALLET", "http://127.0.0.1:" + settings.servicePort(Service.CUSTOMER_WALLET, 1));
      env.put("HH_CONSOLE_SERVICES_CART", "http://127.0.0.1:" + settings.servicePort(Service.CART, 1));
      env.put("HH_CONSOLE_SERVICES_RANKING", "http://127.0.0.1:" + settings.servicePort(Service.RANKING, 1));
      env.put("HH_CONSOLE_SERVICES_RELAY", "http://127.0.0.1:" + settings.servicePort(Service.RELAY, 1));
      // the step deadlines: unset, the service's own default
      String deadline = StackSettings.setting("saga-deadline", null);
      if (deadline != null) {
        env.put("HH_SAGA_DEADLINE_DEFAULT", deadline);
      }
    }
    env.putAll(settings.serviceEnvironment());
    env.putAll(extraEnv);
    List<String> command = new ArrayList<>(Jvm.command("-Xms64m", "-Xmx256m",
        "-XX:MaxMetaspaceSize=192m", "-Xss512k"));
    command.addAll(serviceArguments(service));
    command.addAll(List.of("-jar", jar.toString()));
    return new ManagedProcess(name, command, env, settings.logs().resolve(name + ".log"), port, () -> healthUp(port));
  }

  /** Extra JVM system properties for a service, e.g. -Dhh.stack.order-service.opts="-Dfoo=bar". */
  private static List<String> serviceArguments(Service service) {
    String extra = StackSettings.setting(service.serviceName() + ".opts", "");
    return extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
  }

  public static boolean healthUp(int port) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
          .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void resetData() {
    for (String dir : List.of("mariadb/data", "kafka/data", "zookeeper/data", "redis/data", "data-platform", "logs")) {
      deleteRecursively(settings.home().resolve(dir));
    }
    try {
      Files.createDirectories(settings.logs());
    } catch (IOException e) {
      throw new StackException("Cannot create " + settings.logs(), e);
    }
  }

  public StackSettings settings() {
    return settings;
  }

  public String url(Service service) {
    return "http://127.0.0.1:" + settings.servicePort(service);
  }

  public String jdbcUrl(Service service) {
    return "jdbc:mysql://%s:%d/%s?useSSL=false&allowPublicKeyRetrieval=true".formatted(settings.dbHost(), settings.dbPort(), service.database());
  }

  /** A connection with rights on every service database, for audits across them. */
  /**
   * The environment in which a script reaches the stack's database as its own clients would on the server (its unix
   * socket, MariaDB's client on the PATH), e.g. a deployment's database initialisation.
   */
  public Map<String, String> databaseShellEnvironment() {
    return Map.of("MYSQL_UNIX_PORT", MariaDbServer.socket(settings).toString(),
        "PATH", MariaDbServer.programs(settings) + java.io.File.pathSeparator + System.getenv("PATH"));
  }

  public Connection adminConnection() throws SQLException {
    return MariaDbServer.adminConnection(settings);
  }

  public ManagedProcess process(String name) {
    ManagedProcess process = processes.get(name);
    if (process == null) {
      throw new StackException("No process named " + name + "; known: " + processes.keySet());
    }
    return process;
  }

  public ManagedProcess process(Service service) {
    return process(service.serviceName());
  }

  /**
   * Stops a service and starts it again with extra environment (settings a test needs, e.g. short deadlines);
   * with none, as the stack started it. Waits until it is healthy.
   */
  public synchronized void restartWith(Service service, Map<String, String> extraEnv) {
    replace(process(service), instance(service, 1, extraEnv));
  }

  /** Restarts cdc-service with extra environment (none: as the stack started it), e.g. settings a test needs. */
  public synchronized void restartCdcWith(Map<String, String> extraEnv) {
    replace(process(CDC), cdcService(CDC, settings.cdcPort(), null, extraEnv));
  }

  private void replace(ManagedProcess old, ManagedProcess replacement) {
    old.stop(Duration.ofSeconds(20));
    processes.put(replacement.name(), replacement);
    replacement.start();
    writePidFile();
    replacement.awaitReady(APP_TIMEOUT);
  }

  /**
   * Starts a stopped or killed process again on its existing data (same command, environment and port, log appended)
   * and waits until it is healthy. It is stopped with the stack, by close or by ./stack stop (the pid file).
   */
  public void restart(String name) {
    ManagedProcess process;
    synchronized (this) { // not while close runs: a process started after it would outlive the stack
      if (closed) {
        throw new StackException("the stack is stopping: " + name + " not restarted");
      }
      process = process(name);
      process.start();
      writePidFile();
    }
    process.awaitReady(APP_TIMEOUT);
  }

  /** Starts one more process as part of the stack (stopped with it), e.g. the benchmark's baseline. */
  public synchronized ManagedProcess startExtra(ManagedProcess process) {
    launch(process).awaitReady(APP_TIMEOUT);
    return process;
  }

  public Duration startupTime() {
    return startupTime;
  }

  public List<ManagedProcess> processesInStartOrder() {
    return List.copyOf(processes.values());
  }

  public long residentMemoryKb() {
    return processes.values().stream().mapToLong(ManagedProcess::residentMemoryKb).sum();
  }

  @Override
  public synchronized void close() {
    closed = true;
    List<ManagedProcess> reversed = new ArrayList<>(processes.values());
    Collections.reverse(reversed);
    // applications first (all at once), then the infrastructure they depend on, in reverse start order
    reversed.stream().filter(p -> !isInfrastructure(p)).parallel().forEach(p -> p.stop(Duration.ofSeconds(15)));
    reversed.stream().filter(LocalStack::isInfrastructure).forEach(p -> p.stop(Duration.ofSeconds(20)));
    deletePidFile();
    StackLauncher.release(StackStopper.launcherFile(settings));
  }

  private static boolean isInfrastructure(ManagedProcess process) {
    return List.of("mariadb", "kafka", "zookeeper", "redis", OutsideServers.MAIL, OutsideServers.DATA_PLATFORM, OutsideServers.ZIPKIN)
        .contains(process.name());
  }

  private void writePidFile() {
    StringBuilder lines = new StringBuilder();
    processes.values().stream().filter(ManagedProcess::isAlive).forEach(p -> ProcessHandle.of(p.pid()).ifPresent(h ->
        lines.append(p.name()).append(' ').append(p.pid()).append(' ')
            .append(h.info().startInstant().map(Instant::toEpochMilli).orElse(0L)).append('\n')));
    try {
      Files.createDirectories(settings.home());
      Files.writeString(StackStopper.pidFile(settings), lines.toString());
    } catch (IOException e) {
      throw new StackException("Cannot write " + StackStopper.pidFile(settings), e);
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(StackStopper.pidFile(settings));
    } catch (IOException ignored) {
      // nothing left to stop; a stale file is checked against start times anyway
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new StackException("Cannot delete " + dir, e);
    }
  }
}
