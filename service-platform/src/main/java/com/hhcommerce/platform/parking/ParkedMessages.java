package com.hhcommerce.platform.parking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.domain.DomainRefusal;
import io.eventuate.tram.messaging.common.Message;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's parked messages (parked_message, written by ResilientMessageHandling) and their re-drive: the only code
 * that writes a parked row after parking, and the only code besides Eventuate's producer that writes the outbox.
 * <p>
 * A re-drive puts the message back into this service's own outbox with its own message id (the ID header, which the CDC
 * publishes as it is and every consumer's duplicate detection keys on), destination, headers (its partition id, so the
 * same Kafka partition) and payload. Only the subscriber that parked it has no received_messages row for that id, so it
 * handles it; every other subscriber of the topic drops it as a duplicate.
 */
public class ParkedMessages {

  public enum State { PARKED, REDRIVEN }

  public enum Outcome { DONE, REFUSED }

  public record ParkedMessage(long id, String subscriberId, String messageId, String destination, String reason, Instant parkedAt,
                              State state, boolean parkedAgain, Instant redrivenAt, String redrivenBy) {
  }

  public record Redrive(Instant at, String operator, Outcome outcome, String detail) {
  }

  public record ParkedMessageDetail(ParkedMessage message, Map<String, String> headers, String payload, List<Redrive> redrives) {
  }

  private static final String COLUMNS = """
      id, subscriber_id, message_id, destination, reason, redriven_reason, parked_at, redriven_at, redriven_by""";
  private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
  };

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json = new ObjectMapper();

  public ParkedMessages(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** Newest first. */
  public List<ParkedMessage> list(int offset, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM parked_message ORDER BY id DESC LIMIT ? OFFSET ?")
        .params(limit, offset).query((rs, n) -> parked(rs)).list();
  }

  public ParkedMessageDetail detail(long id) {
    // the re-drives are read after the row, not inside its mapper: a second connection per request would drain the pool
    Row row = jdbc.sql("SELECT " + COLUMNS + ", headers, payload FROM parked_message WHERE id = ?").param(id)
        .query((rs, n) -> new Row(parked(rs), rs.getString("headers"), rs.getString("payload"))).optional()
        .orElseThrow(() -> DomainRefusal.unknown("parked-message", id));
    return new ParkedMessageDetail(row.parked(), headers(row.headers()), row.payload(), redrives(id));
  }

  /**
   * Re-drives a parked message, in one transaction with its mark and the audit line; refused (409, audited too) when it
   * was re-driven and has not been parked again since. The row is locked first, so of two operators at once one re-drives.
   */
  public ParkedMessage redrive(long id, String operator) {
    Optional<String> refusal = tx.execute(status -> {
      Row row = jdbc.sql("SELECT " + COLUMNS + ", headers, payload FROM parked_message WHERE id = ? FOR UPDATE").param(id)
          .query((rs, n) -> new Row(parked(rs), rs.getString("headers"), rs.getString("payload"))).optional()
          .orElseThrow(() -> DomainRefusal.unknown("parked-message", id));
      ParkedMessage parked = row.parked();
      if (parked.state() == State.REDRIVEN) {
        String detail = "re-driven at %s by %s and not parked again since".formatted(parked.redrivenAt(), parked.redrivenBy());
        audit(parked, operator, Outcome.REFUSED, detail);
        return Optional.of(detail);
      }
      Map<String, String> headers = headers(row.headers());
      String destination = Optional.ofNullable(parked.destination()).or(() -> Optional.ofNullable(headers.get(Message.DESTINATION)))
          .orElseThrow(() -> DomainRefusal.conflict("parked-message-without-destination",
              "Parked message %d names no destination to send it to".formatted(id)).with("parkedMessageId", id));
      String sentHeaders = row.headers();
      if (!parked.messageId().equals(headers.get(Message.ID))) { // the CDC takes the ID header, not the row's id
        headers.put(Message.ID, parked.messageId());
        sentHeaders = write(headers);
      }
      // a copy of an earlier re-drive, or the service's own message to itself, may still be in the outbox under that id:
      // the CDC reads the binlog's inserts, so removing the old row unsends nothing
      jdbc.sql("DELETE FROM message WHERE id = ?").param(parked.messageId()).update();
      jdbc.sql("""
              INSERT INTO message (id, destination, headers, payload, creation_time, published, message_partition)
              VALUES (?, ?, ?, ?, ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000), 0, NULL)""")
          .params(parked.messageId(), destination, sentHeaders, row.payload()).update();
      // parked_at pinned: it says when the message was last parked, and moves only when parking changes the row again
      jdbc.sql("""
              UPDATE parked_message SET redriven_reason = reason, reason = '', redriven_at = NOW(3), redriven_by = ?, parked_at = parked_at
              WHERE id = ? AND reason <> ''""").params(operator, id).update();
      audit(parked, operator, Outcome.DONE, "sent to " + destination + " again");
      return Optional.empty();
    });
    if (refusal.isPresent()) {
      throw DomainRefusal.conflict("parked-message-already-redriven", "Parked message %d was %s".formatted(id, refusal.get()))
          .with("parkedMessageId", id);
    }
    return detail(id).message();
  }

  private record Row(ParkedMessage parked, String headers, String payload) {
  }

  private void audit(ParkedMessage parked, String operator, Outcome outcome, String detail) {
    jdbc.sql("""
            INSERT INTO parked_message_redrive (parked_message_id, subscriber_id, message_id, operator, outcome, detail)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .params(parked.id(), parked.subscriberId(), parked.messageId(), operator, outcome.name(),
            detail.length() > 1000 ? detail.substring(0, 1000) : detail)
        .update();
  }

  private List<Redrive> redrives(long id) {
    return jdbc.sql("SELECT at, operator, outcome, detail FROM parked_message_redrive WHERE parked_message_id = ? ORDER BY id")
        .param(id).query((rs, n) -> new Redrive(instant(rs, "at"), rs.getString("operator"), Outcome.valueOf(rs.getString("outcome")),
            rs.getString("detail"))).list();
  }

  /** An empty reason is the re-drive's mark (see the migration); the reason shown is then the one it was parked for. */
  private static ParkedMessage parked(ResultSet rs) throws SQLException {
    String reason = rs.getString("reason");
    boolean parked = !reason.isEmpty();
    Instant redrivenAt = instant(rs, "redriven_at");
    return new ParkedMessage(rs.getLong("id"), rs.getString("subscriber_id"), rs.getString("message_id"), rs.getString("destination"),
        parked ? reason : rs.getString("redriven_reason"), instant(rs, "parked_at"), parked ? State.PARKED : State.REDRIVEN,
        parked && redrivenAt != null, redrivenAt, rs.getString("redriven_by"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp at = rs.getTimestamp(column);
    return at == null ? null : at.toInstant();
  }

  private Map<String, String> headers(String text) {
    try {
      return json.readValue(text, HEADERS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A parked message's headers are not a JSON object of strings", e);
    }
  }

  private String write(Map<String, String> headers) {
    try {
      return json.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
