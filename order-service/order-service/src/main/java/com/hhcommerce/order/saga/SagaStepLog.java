package com.hhcommerce.order.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.saga.SagaStep;
import io.eventuate.tram.commands.common.CommandMessageHeaders;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageInterceptor;
import io.eventuate.tram.sagas.common.SagaCommandHeaders;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga's history in saga_step_log. Commands are recorded as the outbox row is written (a message
 * interceptor), replies by {@link SagaReplyGuard} inside the reply's transaction, local steps by the saga:
 * each entry commits or rolls back with the saga progress it describes.
 */
@Component
public class SagaStepLog implements MessageInterceptor {

  /** Set on commands an operator sends outside the saga's own flow; copied onto their replies. */
  public static final String OPERATOR_HEADER = "command_hh_operator";
  static final String OPERATOR_REPLY_HEADER = CommandMessageHeaders.inReply(OPERATOR_HEADER);
  private static final int MAX_TEXT = 500;

  public enum Kind { COMMAND, REPLY, STALE_REPLY, LOCAL, OPERATOR }

  public record Entry(long id, long orderId, String sagaId, String step, boolean compensation, Kind kind,
                      String participant, String messageType, String outcome, String reason, String messageId,
                      Instant at) {
  }

  /** A command as it was sent: what a re-send or an undo needs. */
  public record SentCommand(long orderId, String sagaId, String step, boolean compensation, String channel,
                            String messageId, Map<String, String> headers, String payload, Instant at) {
  }

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public SagaStepLog(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void postSend(Message message, Exception e) {
    if (e != null || message.getHeader(CommandMessageHeaders.COMMAND_TYPE).isEmpty()) {
      return;
    }
    boolean sentBySaga = message.getHeader(SagaCommandHeaders.SAGA_TYPE).filter(OrderChannels.CREATE_ORDER_SAGA_TYPE::equals).isPresent();
    Optional<String> operator = message.getHeader(OPERATOR_HEADER);
    if (!sentBySaga && operator.isEmpty()) {
      return; // a bus ping, not a saga command
    }
    String commandType = message.getRequiredHeader(CommandMessageHeaders.COMMAND_TYPE);
    Optional<SagaStep.Move> move = SagaStep.ofCommandType(commandType);
    Map<String, String> headers = new LinkedHashMap<>(message.getHeaders());
    headers.remove(Message.ID);
    headers.remove(Message.DATE);
    insert(orderIdOf(message.getPayload()), message.getHeader(SagaCommandHeaders.SAGA_ID).orElse(null),
        move.map(SagaStep.Move::name).orElse(simpleName(commandType)), move.map(SagaStep.Move::compensation).orElse(false),
        Kind.COMMAND, message.getRequiredHeader(Message.DESTINATION), simpleName(commandType), "SENT",
        operator.orElse(null), message.getId(), write(headers), message.getPayload());
  }

  /** Records a reply from a participant and returns the entry's id. */
  long reply(SentCommand command, Message reply, Kind kind) {
    String replyType = reply.getHeader(ReplyMessageHeaders.REPLY_TYPE).map(SagaStepLog::simpleName).orElse("?");
    return insert(command.orderId(), command.sagaId(), command.step(), command.compensation(), kind, command.channel(),
        replyType, kind == Kind.STALE_REPLY ? "IGNORED" : reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).orElse(null),
        kind == Kind.STALE_REPLY ? "The saga no longer waits for this reply (re-sent or stopped by an operator)"
            : reply.getHeader(OPERATOR_REPLY_HEADER).orElse(null),
        reply.getId(), null, reply.getPayload());
  }

  void reason(long entryId, String reason) {
    jdbc.sql("UPDATE saga_step_log SET reason = ? WHERE id = ?").params(clip(reason), entryId).update();
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

  public Optional<SentCommand> command(String messageId) {
    return jdbc.sql("SELECT * FROM saga_step_log WHERE message_id = ? AND kind = 'COMMAND'").param(messageId)
        .query((rs, i) -> new SentCommand(rs.getLong("order_id"), rs.getString("saga_id"), rs.getString("step"),
            rs.getBoolean("compensation"), rs.getString("participant"), rs.getString("message_id"),
            read(rs.getString("headers")), rs.getString("payload"), rs.getTimestamp("at").toInstant()))
        .optional();
  }

  private long insert(long orderId, String sagaId, String step, boolean compensation, Kind kind, String participant,
                      String messageType, String outcome, String reason, String messageId, String headers, String payload) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            INSERT INTO saga_step_log (order_id, saga_id, step, compensation, kind, participant, message_type, outcome,
                                       reason, message_id, headers, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(orderId, sagaId, step, compensation, kind.name(), participant, messageType, outcome, clip(reason),
            messageId, headers, payload)
        .update(key, "id");
    return key.getKey().longValue();
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
