package com.hhcommerce.cdc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Refuses to start the CDC against a database server whose binlog it would misread, before any reader
 * starts. Eventuate's binlog reader needs ROW events with full row images, and a position in every event:
 * it compares each row's position with the offset it resumed from and skips rows "already published".
 * MariaDB 11.4 stopped writing positions inside transactions (binlog_legacy_event_pos=OFF by default), so
 * every row reads as position 0: a fresh CDC works, a restarted one skips every outbox row, silently and for
 * good. The database settings are the server's, so the only safe answer is a clear refusal.
 */
class BinlogSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final Logger log = LoggerFactory.getLogger(BinlogSettingsCheck.class);
  private static final String VARIABLES_SQL = "SHOW GLOBAL VARIABLES WHERE Variable_name IN "
      + "('log_bin', 'binlog_format', 'binlog_row_image', 'binlog_legacy_event_pos', 'version')";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    Environment env = event.getEnvironment();
    CdcProperties settings = CdcProperties.from(env);
    String server = env.getRequiredProperty("hh.db.host") + ":" + env.getRequiredProperty("hh.db.port");
    Map<String, String> variables = StartupRetry.until(Duration.ofSeconds(settings.dbWaitSeconds()),
        "the database at " + server + " to check its binlog settings",
        () -> readVariables(settings.db().url(), settings.db().user(), settings.db().password()));
    List<String> problems = problems(variables);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("The CDC would misread the binlog of " + server + " (" + variables.get("version")
          + "), so it does not start:\n - " + String.join("\n - ", problems));
    }
    log.info("Binlog settings of {} are fit for the CDC: {}", server, variables);
  }

  /** What is wrong with a server's binlog settings for the CDC, one sentence per setting; empty when all is well. */
  static List<String> problems(Map<String, String> variables) {
    List<String> problems = new ArrayList<>();
    expect(variables, "log_bin", "ON", "the binary log is off: start the server with --log-bin", problems);
    expect(variables, "binlog_format", "ROW", "the CDC reads row events only: start the server with --binlog-format=ROW", problems);
    expect(variables, "binlog_row_image", "FULL",
        "an outbox row must arrive with all its columns: start the server with --binlog-row-image=FULL", problems);
    if (variables.containsKey("binlog_legacy_event_pos")) {
      expect(variables, "binlog_legacy_event_pos", "ON", "events inside a transaction carry no binlog position, so a restarted "
          + "CDC would take every later outbox row for one it already published and skip it: start the server with "
          + "--binlog-legacy-event-pos=ON", problems);
    }
    return problems;
  }

  private static void expect(Map<String, String> variables, String name, String wanted, String why, List<String> problems) {
    String actual = variables.get(name);
    if (actual == null || !actual.equalsIgnoreCase(wanted)) {
      problems.add(name + " is " + (actual == null ? "not set" : actual) + ", needs " + wanted + ": " + why);
    }
  }

  private static Map<String, String> readVariables(String url, String user, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(VARIABLES_SQL)) {
      Map<String, String> variables = new TreeMap<>();
      while (rows.next()) {
        variables.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
      }
      return variables;
    }
  }
}
