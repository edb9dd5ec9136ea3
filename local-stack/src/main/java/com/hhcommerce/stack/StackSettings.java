package com.hhcommerce.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the stack lives and which ports it takes. Each setting is a system property (hh.stack.*) or an
 * environment variable (HH_STACK_*); HH_STACK_PORT_OFFSET moves every port at once.
 */
public record StackSettings(Path repository, Path home, int portOffset, Optional<ExternalDatabase> externalDatabase,
                            Optional<ExternalRedis> externalRedis) {

  public static final int DB_PORT = 13306;
  public static final int ZOOKEEPER_PORT = 12181;
  public static final int KAFKA_PORT = 19092;
  public static final int KAFKA_CONTROLLER_PORT = 19093;
  public static final int CDC_PORT = 18099;
  public static final int MONOLITH_PORT = 18090;
  public static final int REDIS_PORT = 16379;

  /** An already running MySQL 8 or MariaDB with ROW binlog, used instead of the embedded MariaDB. */
  public record ExternalDatabase(String host, int port, String adminUser, String adminPassword) {
  }

  /** An already running Redis 6.2 or later, used instead of the one the stack starts. */
  public record ExternalRedis(String host, int port) {
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
    return new StackSettings(repository, home, offset, external, externalRedis);
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

  public int servicePort(Service service) {
    return service.defaultPort() + portOffset;
  }

  public String kafkaBootstrapServers() {
    return "127.0.0.1:" + kafkaPort();
  }

  public Path logs() {
    return home.resolve("logs");
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
