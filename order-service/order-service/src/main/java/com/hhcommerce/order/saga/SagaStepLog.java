package com.hhcommerce.order.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.api.OrderChannels;
import io.eventuate.tram.commands.common.CommandMessageHeaders;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageInterceptor;
import io.eventuate.tram.sagas.common.SagaCommandHeaders;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga's history in saga_step_log. Commands are recorded as the outbox row is written (a message
 * interceptor), replies by {@link SagaReplyGuard} inside the reply's transaction, local steps by the saga:
 * each entry commits or rolls back with the saga progress it describes. Within a transaction the entries are
 * written together, as one batch just before the commit (a reply's transaction writes the reply and the next
 * command: one statement instead of two); outside one, at once.
 * <p>
 * Each command carries its order id in a header that the participant copies onto its reply, so the reply
 * guard knows which step a reply answers from the reply alone; a reply without it (to a command sent before
 * the header existed) is matched to its command in the log.
 */
@Component
public class SagaStepLog implements MessageInterceptor {

  /** Set on commands an operator sends outside the saga's own flow; copied onto their replies. */
  public static final String OPERATOR_HEADER = "command_hh_operator";
  static final String OPERATOR_REPLY_HEADER = CommandMessageHeaders.inReply(OPERATOR_HEADER);
  static final String ORDER_HEADER = "command_hh_order_id";
  private static final String ORDER_REPLY_HEADER = CommandMessageHeaders.inReply(ORDER_HEADER);
  private static final int MAX_TEXT = 500;
  private static final String INSERT = """
      INSERT INTO saga_step_log (order_id, saga_id, step, compensation, kind, participant, message_type, outcome,
                                 reason, message_id, headers, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
  /** The position of {@code reason} among INSERT's values. */
  private static final int REASON = 8;

  public enum Kind { COMMAND, REPLY, STALE_REPLY, LOCAL, OPERATOR }

  public record Entry(long id, long orderId, String sagaId, String step, boolean compensation, Kind kind,
                      String participant, String messageType, String outcome, String reason, String messageId,
                      Instant at) {
  }

  /** A command as it was sent: what a re-send or an undo needs. */
  public record SentCommand(long orderId, String sagaId, String step, boolean compensation, String channel,
                            String messageId, Map<String, String> headers, String payload, Instant at) {

    AnsweredCommand answered() {
      return new AnsweredCommand(orderId, sagaId, step, compensation, channel, messageId);
    }
  }

  /** The command a reply answers, as far as the reply's record needs it. */
  record AnsweredCommand(long orderId, String sagaId, String step, boolean compensation, String channel, String messageId) {
  }

  /** An entry written, or to be written at the commit: its reason can still be set. */
  static final class Written {
    private final Object[] values;
    private Long id;

    private Written(Object[] values) {
      this.values = values;
    }
  }

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final ObjectMapper json;

  public SagaStepLog(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  @Override
  public void preSend(Message message) {
    if (isLogged(message)) {
      message.setHeader(ORDER_HEADER, String.valueOf(orderIdOf(message.getPayload())));
    }
  }

  @Override
  public void postSend(Message message, Exception e) {
    if (e != null || !isLogged(message)) {
      return;
    }
    String commandType = message.getRequiredHeader(CommandMessageHeaders.COMMAND_TYPE);
    Map<String, String> headers = new LinkedHashMap<>(message.getHeaders());
    headers.remove(Message.ID);
    headers.remove(Message.DATE);
    insert(Long.parseLong(message.getRequiredHeader(ORDER_HEADER)), message.getHeader(SagaCommandHeaders.SAGA_ID).orElse(null),
        stepOf(commandType), SagaStep.ofCommandType(commandType).map(SagaStep.Move::compensation).orElse(false),
        Kind.COMMAND, message.getRequiredHeader(Message.DESTINATION), simpleName(commandType), "SENT",
        message.getHeader(OPERATOR_HEADER).orElse(null), message.getId(), write(headers), message.getPayload());
  }

  /** The saga's commands and an operator's: not a bus ping. */
  private static boolean isLogged(Message message) {
    if (message.getHeader(CommandMessageHeaders.COMMAND_TYPE).isEmpty()) {
      return false;
    }
    return message.getHeader(SagaCommandHeaders.SAGA_TYPE).filter(OrderChannels.CREATE_ORDER_SAGA_TYPE::equals).isPresent()
        || message.getHeader(OPERATOR_HEADER).isPresent();
  }

  /** The logged command a reply answers, if it answers one. */
  Optional<AnsweredCommand> answered(Message reply) {
    Optional<String> inReplyTo = reply.getHeader(ReplyMessageHeaders.IN_REPLY_TO);
    Optional<String> orderId = reply.getHeader(ORDER_REPLY_HEADER);
    if (inReplyTo.isEmpty() || orderId.isEmpty()) {
      return inReplyTo.flatMap(this::command).map(SentCommand::answered);
    }
    String commandType = reply.getRequiredHeader(CommandMessageHeaders.inReply(CommandMessageHeaders.COMMAND_TYPE));
    return Optional.of(new AnsweredCommand(Long.parseLong(orderId.get()),
        reply.getHeader(CommandMessageHeaders.inReply(SagaCommandHeaders.SAGA_ID)).orElse(null), stepOf(commandType),
        SagaStep.ofCommandType(commandType).map(SagaStep.Move::compensation).orElse(false),
        reply.getRequiredHeader(CommandMessageHeaders.inReply(CommandMessageHeaders.DESTINATION)), inReplyTo.get()));
  }

  /** Records a reply from a participant. */
  Written reply(AnsweredCommand command, Message reply, Kind kind) {
    String replyType = reply.getHeader(ReplyMessageHeaders.REPLY_TYPE).map(SagaStepLog::simpleName).orElse("?");
    return insert(command.orderId(), command.sagaId(), command.step(), command.compensation(), kind, command.channel(),
        replyType, kind == Kind.STALE_REPLY ? "IGNORED" : reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).orElse(null),
        kind == Kind.STALE_REPLY ? "The saga no longer waits for this reply (re-sent or stopped by an operator)"
            : reply.getHeader(OPERATOR_REPLY_HEADER).orElse(null),
        reply.getId(), null, reply.getPayload());
  }

  void reason(Written entry, String reason) {
    if (entry.id == null) {
      entry.values[REASON] = clip(reason);
    } else {
      jdbc.sql("UPDATE saga_step_log SET reason = ? WHERE id = ?").params(clip(reason), entry.id).update();
    }
  }

  public void local(long orderId, String sagaId, String step, boolean compensation, String outcome, String reason) {
    insert(orderId, sagaId, step, compensation, Kind.LOCAL, null, null, outcome, reason, null, null, null);
  }

  public void operator(long orderId, String sagaId, String step, String action, String reason) {
    insert(orderId, sagaId, step, false, Kind.OPERATOR, null, action, "DONE", reason, null, null, null);
  }

  public List<Entry> timeline(long orderId) {
    return jdbc.sql("SELECT * FROM saga_step_log WHERE order_id = ? ORDER BY id").param(orderId).query(SagaStepLog::entry).list();
  }

  /** The entries of these orders written after the entry afterId, oldest first. */
  public List<Entry> after(java.util.Collection<Long> orderIds, long afterId) {
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
  public int forget(java.util.Collection<Long> orderIds) {
    return orderIds.isEmpty() ? 0 : jdbc.sql("DELETE FROM saga_step_log WHERE order_id IN (:orders)").param("orders", orderIds).update();
  }

  public Optional<SentCommand> command(String messageId) {
    return jdbc.sql("SELECT * FROM saga_step_log WHERE message_id = ? AND kind = 'COMMAND'").param(messageId)
        .query((rs, i) -> new SentCommand(rs.getLong("order_id"), rs.getString("saga_id"), rs.getString("step"),
            rs.getBoolean("compensation"), rs.getString("participant"), rs.getString("message_id"),
            read(rs.getString("headers")), rs.getString("payload"), rs.getTimestamp("at").toInstant()))
        .optional();
  }

  private Written insert(long orderId, String sagaId, String step, boolean compensation, Kind kind, String participant,
                         String messageType, String outcome, String reason, String messageId, String headers, String payload) {
    Written entry = new Written(new Object[] {orderId, sagaId, step, compensation, kind.name(), participant, messageType, outcome,
        clip(reason), messageId, headers, payload});
    Optional<Batch> batch = transactionBatch();
    if (batch.isPresent()) {
      batch.get().entries.add(entry);
    } else {
      GeneratedKeyHolder key = new GeneratedKeyHolder();
      jdbc.sql(INSERT).params(entry.values).update(key, "id");
      entry.id = key.getKey().longValue();
    }
    return entry;
  }

  private Optional<Batch> transactionBatch() {
    return TransactionScopes.current(this, Batch.class, () -> new Batch(this));
  }

  /** The entries of one transaction, written in their order (their ids order the timeline) before it commits. */
  private static final class Batch implements TransactionScopes.Scope {
    private final SagaStepLog log;
    private final List<Written> entries = new ArrayList<>();
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
        log.batch.batchUpdate(INSERT, entries.stream().map(e -> e.values).toList());
      }
      written = true;
    }

    @Override
    public void afterCompletion(int status) {
      written = true;
    }
  }

  private static String stepOf(String commandType) {
    return SagaStep.ofCommandType(commandType).map(SagaStep.Move::name).orElse(simpleName(commandType));
  }

  private long orderIdOf(String payload) {
    try {
      JsonNode orderId = json.readTree(payload).path("orderId");
      if (!orderId.canConvertToLong()) {
        throw new IllegalStateException("A CreateOrderSaga command without an orderId: " + payload);
      }
      return orderId.asLong();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A CreateOrderSaga command that is not JSON: " + payload, e);
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

  static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** Fits a text into the 500-character reason/detail columns. */
  public static String clip(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }
}
