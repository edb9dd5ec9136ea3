package com.hhcommerce.order.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderLifeEvents;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.performance.PerformanceLevers;
import com.hhcommerce.order.performance.TransactionScopes;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga's history in saga_step_log, what the support console shows. Commands are recorded as their outbox row is
 * written and replies before the saga sees them (both by the eventuate package, which reads the messages), the
 * order's local steps as {@link Orders} reports them: each entry commits or rolls back with the saga progress it
 * describes, and the entries' ids order the timeline.
 */
@Component
public class SagaStepLog {

  private static final int MAX_TEXT = 500;
  private static final String INSERT = """
      INSERT INTO saga_step_log (order_id, saga_id, step, compensation, kind, participant, message_type, outcome,
                                 reason, message_id, headers, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  public enum Kind { COMMAND, REPLY, STALE_REPLY, LOCAL, OPERATOR }

  public record Entry(long id, long orderId, String sagaId, String step, boolean compensation, Kind kind,
                      String participant, String messageType, String outcome, String reason, String messageId,
                      Instant at) {
  }

  /** A command as it was sent: what a re-send or an undo needs. */
  public record SentCommand(long orderId, String sagaId, String step, boolean compensation, String channel,
                            String messageId, Map<String, String> headers, String payload, Instant at) {

    public AnsweredCommand answered() {
      return new AnsweredCommand(orderId, sagaId, step, compensation, channel, messageId);
    }
  }

  /** The command a reply answers, as far as the reply's record needs it. */
  public record AnsweredCommand(long orderId, String sagaId, String step, boolean compensation, String channel, String messageId) {
  }

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final ObjectMapper json;
  private final boolean batched;

  public SagaStepLog(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json, PerformanceLevers levers) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
    this.batched = levers.stepLogBatch();
  }

  /** A command has been written to the outbox; {@code note} says who sent it outside the saga's own flow. */
  public void command(SentCommand command, String messageType, String note) {
    insert(command.orderId(), command.sagaId(), command.step(), command.compensation(), Kind.COMMAND, command.channel(),
        messageType, "SENT", note, command.messageId(), write(command.headers()), command.payload());
  }

  /** A participant's reply; REPLY when the saga takes it, STALE_REPLY when it no longer waits for it. */
  public void reply(AnsweredCommand command, Kind kind, String replyType, String outcome, String reason, String messageId,
                    String payload) {
    insert(command.orderId(), command.sagaId(), command.step(), command.compensation(), kind, command.channel(),
        replyType, outcome, reason, messageId, null, payload);
  }

  public void local(long orderId, String sagaId, String step, boolean compensation, String outcome, String reason) {
    insert(orderId, sagaId, step, compensation, Kind.LOCAL, null, null, outcome, reason, null, null, null);
  }

  public void operator(long orderId, String sagaId, String step, String action, String reason) {
    insert(orderId, sagaId, step, false, Kind.OPERATOR, null, action, "DONE", reason, null, null, null);
  }

  @EventListener
  void sagaStarted(OrderLifeEvents.SagaStarted started) {
    local(started.orderId(), started.sagaId(), SagaStep.CREATE_ORDER.actionName(), false, "SUCCESS", null);
  }

  @EventListener
  void ended(OrderLifeEvents.Ended ended) {
    Order order = ended.order();
    switch (order.sagaState()) {
      case COMPLETED -> local(order.id(), order.sagaId(), SagaStep.CONFIRM_ORDER.actionName(), false, "SUCCESS", null);
      case COMPENSATED -> local(order.id(), order.sagaId(), SagaStep.CREATE_ORDER.compensationName(), true, "SUCCESS",
          order.failureReason());
      default -> local(order.id(), order.sagaId(), "compensation failed", true, "FAILURE",
          "A compensation was refused: the order needs a person");
    }
  }

  public List<Entry> timeline(long orderId) {
    return jdbc.sql("SELECT * FROM saga_step_log WHERE order_id = ? ORDER BY id").param(orderId).query(SagaStepLog::entry).list();
  }

  /** The entries of these orders written after the entry afterId, oldest first. */
  public List<Entry> after(Collection<Long> orderIds, long afterId) {
    if (orderIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT * FROM saga_step_log WHERE order_id IN (:orders) AND id > :after ORDER BY id")
        .param("orders", orderIds).param("after", afterId).query(SagaStepLog::entry).list();
  }

  /** The id of the order's newest entry, 0 without any. */
  public long lastEntryId(long orderId) {
    return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM saga_step_log WHERE order_id = ?").param(orderId).query(Long.class).single();
  }

  /** Deletes the entries of these orders (their history after the support window); returns how many. */
  public int forget(Collection<Long> orderIds) {
    return orderIds.isEmpty() ? 0 : jdbc.sql("DELETE FROM saga_step_log WHERE order_id IN (:orders)").param("orders", orderIds).update();
  }

  /**
   * Whether this order's log has recorded a reply with this message id, taken or ignored: a redelivery of it is
   * neither. A locking read, so that it sees what a transaction committed after this one's snapshot (a copy handled at
   * the same time); through the order's index, so that its gap locks stay within the order's own entries, which the
   * saga's row lock already serialises (through the message id's, two orders' stale replies could deadlock).
   */
  public boolean hasReply(long orderId, String messageId) {
    return jdbc.sql("SELECT COUNT(*) FROM saga_step_log FORCE INDEX (ix_saga_step_log_order)"
            + " WHERE order_id = ? AND message_id = ? AND kind IN ('REPLY', 'STALE_REPLY') LOCK IN SHARE MODE")
        .params(orderId, messageId).query(Long.class).single() > 0;
  }

  public Optional<SentCommand> command(String messageId) {
    return jdbc.sql("SELECT * FROM saga_step_log WHERE message_id = ? AND kind = 'COMMAND'").param(messageId)
        .query((rs, i) -> new SentCommand(rs.getLong("order_id"), rs.getString("saga_id"), rs.getString("step"),
            rs.getBoolean("compensation"), rs.getString("participant"), rs.getString("message_id"),
            read(rs.getString("headers")), rs.getString("payload"), rs.getTimestamp("at").toInstant()))
        .optional();
  }

  private void insert(long orderId, String sagaId, String step, boolean compensation, Kind kind, String participant,
                      String messageType, String outcome, String reason, String messageId, String headers, String payload) {
    Object[] values = {orderId, sagaId, step, compensation, kind.name(), participant, messageType, outcome, clip(reason),
        messageId, headers, payload};
    Optional<Batch> batch = batched ? TransactionScopes.current(this, Batch.class, () -> new Batch(this)) : Optional.empty();
    if (batch.isPresent()) {
      batch.get().entries.add(values);
    } else {
      jdbc.sql(INSERT).params(values).update();
    }
  }

  /** The entries of one transaction, written in their order (their ids order the timeline) before it commits. */
  private static final class Batch implements TransactionScopes.Scope {
    private final SagaStepLog log;
    private final List<Object[]> entries = new ArrayList<>();
    private boolean written;

    private Batch(SagaStepLog log) {
      this.log = log;
    }

    @Override
    public Object owner() {
      return log;
    }

    @Override
    public boolean written() {
      return written;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      if (!entries.isEmpty()) {
        log.batch.batchUpdate(INSERT, entries);
      }
      written = true;
    }

    @Override
    public void afterCompletion(int status) {
      written = true;
    }
  }

  private String write(Map<String, String> headers) {
    try {
      return json.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> read(String headers) {
    try {
      return headers == null ? Map.of() : json.readValue(headers, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Entry entry(ResultSet rs, int row) throws SQLException {
    return new Entry(rs.getLong("id"), rs.getLong("order_id"), rs.getString("saga_id"), rs.getString("step"),
        rs.getBoolean("compensation"), Kind.valueOf(rs.getString("kind")), rs.getString("participant"),
        rs.getString("message_type"), rs.getString("outcome"), rs.getString("reason"), rs.getString("message_id"),
        rs.getTimestamp("at").toInstant());
  }

  /** Fits a text into the 500-character reason/detail columns. */
  public static String clip(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }
}
