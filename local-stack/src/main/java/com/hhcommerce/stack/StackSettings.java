package com.hhcommerce.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the stack lives and which ports it takes. Each setting is a system property (hh.stack.*) or an
 * environment variable (HH_STACK_*); HH_STACK_PORT_OFFSET moves every port at once. serviceEnvironment is added to
 * the environment of every service (HH_STACK_SERVICE_ENV="NAME=value NAME=value", or {@link #withServiceEnvironment}),
 * e.g. the performance mechanisms the benchmark turns on.
 */
public record StackSettings(Path repository, Path home, int portOffset, Optional<ExternalDatabase> externalDatabase,
                            Optional<ExternalRedis> externalRedis, Optional<ExternalMail> externalMail,
                            Optional<String> externalDataPlatform, Map<Service, Integer> instanceCounts,
                            Map<String, String> serviceEnvironment) {

  public static final int DB_PORT = 13306;
  public static final int ZOOKEEPER_PORT = 12181;
  public static final int KAFKA_PORT = 19092;
  public static final int KAFKA_CONTROLLER_PORT = 19093;
  public static final int CDC_PORT = 18099;
  public static final int MONOLITH_PORT = 18090;
  public static final int REDIS_PORT = 16379;
  public static final int MAIL_PORT = 13025;
  public static final int MAIL_API_PORT = 18025;
  public static final int DATA_PLATFORM_PORT = 18097;
  public static final int ZIPKIN_PORT = 19411;
  /** HH_STACK_DATA_PLATFORM_URL=off: relay-service runs with its data-platform relay off. */
  public static final String OFF = "off";

  /** An already running MySQL 8 or MariaDB with ROW binlog, used instead of the embedded MariaDB. */
  public record ExternalDatabase(String host, int port, String adminUser, String adminPassword) {
  }

  /** An already running Redis 6.2 or later, used instead of the one the stack starts. */
  public record ExternalRedis(String host, int port) {
  }

  /** An SMTP server to send the notifications to, instead of the mail server the stack starts. */
  public record ExternalMail(String host, int port) {
  }

  public StackSettings {
    serviceEnvironment = Map.copyOf(serviceEnvironment);
  }

  public static StackSettings fromEnvironment() {
    Path repository = findRepository();
    Path home = Path.of(setting("home", repository.resolve("local-stack/target/stack").toString())).toAbsolutePath();
    int offset = Integer.parseInt(setting("port-offset", "0"));
    Optional<ExternalDatabase> external = Optional.ofNullable(setting("db-host", null))
        .map(host -> new ExternalDatabase(host, Integer.parseInt(setting("db-port", "3306")),
            setting("db-admin-user", "root"), setting("db-admin-password", "")));
    Optional<ExternalRedis> externalRedis = Optional.ofNullable(setting("redis-host", null))
        .map(host -> new ExternalRedis(host, Integer.parseInt(setting("redis-port", "6379"))));
    Optional<ExternalMail> externalMail = Optional.ofNullable(setting("mail-host", null))
        .map(host -> new ExternalMail(host, Integer.parseInt(setting("mail-port", "25"))));
    return new StackSettings(repository, home, offset, external, externalRedis, externalMail,
        Optional.ofNullable(setting("data-platform-url", null)), instanceCounts(setting("instances", "")),
        serviceEnvironment(setting("service-env", "")));
  }

  /** These settings with more environment for every service (a name given twice: the new value). */
  public StackSettings withServiceEnvironment(Map<String, String> more) {
    Map<String, String> environment = new LinkedHashMap<>(serviceEnvironment);
    environment.putAll(more);
    return new StackSettings(repository, home, portOffset, externalDatabase, externalRedis, externalMail, externalDataPlatform,
        instanceCounts, environment);
  }

  public int dbPort() {
    return externalDatabase.map(ExternalDatabase::port).orElse(DB_PORT + portOffset);
  }

  public String dbHost() {
    return externalDatabase.map(ExternalDatabase::host).orElse("127.0.0.1");
  }

  public int zookeeperPort() {
    return ZOOKEEPER_PORT + portOffset;
  }

  public int kafkaPort() {
    return KAFKA_PORT + portOffset;
  }

  public int kafkaControllerPort() {
    return KAFKA_CONTROLLER_PORT + portOffset;
  }

  public int cdcPort() {
    return CDC_PORT + portOffset;
  }

  /** The benchmark's one-transaction baseline (monolith-baseline). */
  public int monolithPort() {
    return MONOLITH_PORT + portOffset;
  }

  public String redisHost() {
    return externalRedis.map(ExternalRedis::host).orElse("127.0.0.1");
  }

  public int redisPort() {
    return externalRedis.map(ExternalRedis::port).orElse(REDIS_PORT + portOffset);
  }

  public String mailHost() {
    return externalMail.map(ExternalMail::host).orElse("127.0.0.1");
  }

  public int mailPort() {
    return externalMail.map(ExternalMail::port).orElse(MAIL_PORT + portOffset);
  }

  /** The stack's mail server's REST API, where the mails sent can be read. */
  public int mailApiPort() {
    return MAIL_API_PORT + portOffset;
  }

  /** The tracing server (Zipkin): its UI and API, and where every service sends its spans. */
  public int zipkinPort() {
    return ZIPKIN_PORT + portOffset;
  }

  public int dataPlatformPort() {
    return DATA_PLATFORM_PORT + portOffset;
  }

  /** Where relay-service sends order events: the stand-in the stack starts, an external platform's URL, or "" (off). */
  public String dataPlatformUrl() {
    return externalDataPlatform.map(url -> url.equals(OFF) ? "" : url)
        .orElse("http://127.0.0.1:" + dataPlatformPort() + OutsideServers.EVENTS_PATH);
  }

  public int servicePort(Service service) {
    return service.defaultPort() + portOffset;
  }

  /** Instance n (from 1) of a service listens 100 ports above instance n - 1. */
  public int servicePort(Service service, int instance) {
    return servicePort(service) + 100 * (instance - 1);
  }

  /** How many instances of the service the stack runs: 1 unless hh.stack.instances names it. */
  public int instances(Service service) {
    return instanceCounts.getOrDefault(service, 1);
  }

  /** hh.stack.instances / HH_STACK_INSTANCES, e.g. "order-service=2,inventory-service=2". */
  private static Map<Service, Integer> instanceCounts(String setting) {
    Map<Service, Integer> counts = new EnumMap<>(Service.class);
    for (String entry : setting.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] nameAndCount = entry.trim().split("=");
      Service service = Arrays.stream(Service.values()).filter(s -> nameAndCount.length == 2 && s.serviceName().equals(nameAndCount[0].trim()))
          .findFirst().orElseThrow(() -> new StackException("instances: '" + entry.trim() + "' is not <service>=<count> with a service of "
              + Arrays.stream(Service.values()).map(Service::serviceName).toList()));
      int count = Integer.parseInt(nameAndCount[1].trim());
      if (count < 1 || count > 9) {
        throw new StackException("instances of " + service.serviceName() + " must be 1 to 9, not " + count);
      }
      counts.put(service, count);
    }
    return counts;
  }

  /** hh.stack.service-env / HH_STACK_SERVICE_ENV, e.g. "HH_PERFORMANCE_STEP_LOG_BATCH=true HH_RETENTION_INTERVAL=PT30S". */
  private static Map<String, String> serviceEnvironment(String setting) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String entry : setting.trim().split("\\s+")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 1) {
        throw new StackException("service-env: '" + entry + "' is not NAME=value");
      }
      environment.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    return environment;
  }

  /** Partitions of every topic: enough that each instance of the largest consumer group gets one. */
  public int topicPartitions() {
    return Math.max(2, instanceCounts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
  }

  public String kafkaBootstrapServers() {
    return "127.0.0.1:" + kafkaPort();
  }

  public Path logs() {
    return home.resolve("logs");
  }

  /** The access tokens' signing key (PKCS#8 PEM), made on the first start and kept with the stack's data. */
  public Path signingKey() {
    return home.resolve("identity/signing-key.pem");
  }

  static String setting(String name, String fallback) {
    String property = System.getProperty("hh.stack." + name);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String env = System.getenv("HH_STACK_" + name.toUpperCase().replace('-', '_'));
    return env != null && !env.isBlank() ? env : fallback;
  }

  private static Path findRepository() {
    String explicit = setting("repository", null);
    if (explicit != null) {
      return Path.of(explicit).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("local-stack")) && Files.isDirectory(dir.resolve("order-service"))) {
        return dir;
      }
    }
    throw new StackException("Cannot find the hh-commerce repository above " + Path.of("").toAbsolutePath()
        + "; run from inside it or set HH_STACK_REPOSITORY");
  }
}
