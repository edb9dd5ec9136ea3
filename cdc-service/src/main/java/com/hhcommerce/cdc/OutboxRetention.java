package com.hhcommerce.cdc;

import io.eventuate.common.eventuate.local.BinlogFileOffset;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes the rows of every outbox this CDC reads once it has provably published them, so that no outbox grows
 * forever. The proof is the CDC's own written binlog offset, not an age: a round first reads the ids of rows
 * older than {@code keep} (committed rows, so their binlog events are already written), then the server's binlog
 * end position (the fence). Once the offset the CDC has written is at or past the fence, every one of those rows
 * is in Kafka, and the next run deletes them by id. A CDC that is not the leader has written no offset and
 * deletes nothing. Eventuate's own MessageCleaner deletes by age alone, in one statement over the whole table.
 *
 * <p>The CDC's reader skips the delete events these write to the binlog. They carry the whole rows: logging only
 * the key ({@code binlog_row_image=MINIMAL} for this session) needs an administrative privilege the CDC is not given.
 */
@Component
class OutboxRetention implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);
  private static final int DELETE_CHUNK = 500;

  private final OffsetStoreCoalescing offsets;
  private final JdbcTemplate jdbc;
  private final List<String> schemas;
  private final Duration keep;
  private final Duration interval;
  private final int maxRowsPerRound;
  private final Map<String, Counter> deleted = new LinkedHashMap<>();
  private Round pending;

  OutboxRetention(OffsetStoreCoalescing offsets, Environment environment, MeterRegistry meters, CdcProperties cdc,
                  OutboxRetentionProperties settings) {
    this.offsets = offsets;
    this.jdbc = new JdbcTemplate(new DriverManagerDataSource(cdc.db().url(), cdc.db().user(), cdc.db().password()));
    this.keep = settings.keep();
    this.interval = settings.interval();
    this.maxRowsPerRound = settings.maxRowsPerRound();
    this.schemas = Binder.get(environment)
        .bind("eventuate.cdc.pipeline", Bindable.mapOf(String.class, Pipeline.class))
        .orElse(Map.of()).values().stream().map(Pipeline::eventuateDatabaseSchema).distinct().sorted().toList();
    schemas.forEach(schema -> deleted.put(schema, Counter.builder("hh.cdc.outbox.deleted.rows")
        .description("Outbox rows deleted after the CDC published them").tag("schema", schema).register(meters)));
  }

  /** A pipeline's properties, of which only its database matters here (a bean: Boot 2.6 binds records only when told). */
  static class Pipeline {
    private String eventuateDatabaseSchema;

    public String eventuateDatabaseSchema() {
      return eventuateDatabaseSchema;
    }

    public void setEventuateDatabaseSchema(String eventuateDatabaseSchema) {
      this.eventuateDatabaseSchema = eventuateDatabaseSchema;
    }
  }

  /** The rows a round will delete, once the written offset reaches the fence. */
  private record Round(BinlogFileOffset fence, Map<String, List<String>> ids) {
  }

  /** A round every interval, the first one interval after start. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::deletePublishedRows, interval.toMillis(), interval.toMillis()));
  }

  synchronized void deletePublishedRows() {
    Optional<BinlogFileOffset> written = offsets.writtenOffset();
    if (written.isEmpty()) {
      return;
    }
    try {
      jdbc.execute((ConnectionCallback<Void>) connection -> {
        // a delete locks only the rows it deletes, never a gap a service's insert might need
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        if (pending != null && written.get().isSameOrAfter(pending.fence())) {
          pending.ids().forEach((schema, ids) -> delete(connection, schema, ids));
          pending = null;
        }
        if (pending == null) {
          pending = nextRound(connection);
        }
        return null;
      });
    } catch (DataAccessException e) {
      pending = null;
      log.warn("Outbox retention failed; it starts over at the next run", e);
    }
  }

  private Round nextRound(Connection connection) throws SQLException {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (String schema : schemas) {
      List<String> rows = oldRows(connection, schema);
      if (!rows.isEmpty()) {
        ids.put(schema, rows);
      }
    }
    // read after the rows: every row read is committed, so its binlog events lie before this position
    return ids.isEmpty() ? null : new Round(binlogEnd(connection), ids);
  }

  private List<String> oldRows(Connection connection, String schema) throws SQLException {
    String select = "SELECT id FROM " + schema + ".message WHERE creation_time < UNIX_TIMESTAMP(NOW(3)) * 1000 - ? ORDER BY creation_time LIMIT ?";
    try (PreparedStatement statement = connection.prepareStatement(select)) {
      statement.setLong(1, keep.toMillis());
      statement.setInt(2, maxRowsPerRound);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  private static BinlogFileOffset binlogEnd(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
      if (!status.next()) {
        throw new SQLException("SHOW MASTER STATUS returned nothing: is the binlog on?");
      }
      return new BinlogFileOffset(status.getString("File"), status.getLong("Position"));
    }
  }

  private void delete(Connection connection, String schema, List<String> ids) {
    for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
      String delete = "DELETE FROM " + schema + ".message WHERE id IN (" + "?,".repeat(chunk.size() - 1) + "?)";
      try (PreparedStatement statement = connection.prepareStatement(delete)) {
        for (int i = 0; i < chunk.size(); i++) {
          statement.setString(i + 1, chunk.get(i));
        }
        deleted.get(schema).increment(statement.executeUpdate());
      } catch (SQLException e) {
        log.warn("Could not delete published rows of {}.message; they are read again in a later round", schema, e);
        return;
      }
    }
  }
}
