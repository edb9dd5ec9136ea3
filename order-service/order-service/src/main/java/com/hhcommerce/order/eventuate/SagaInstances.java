package com.hhcommerce.order.eventuate;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.order.saga.CreateOrderSagaData;
import com.hhcommerce.order.saga.SagaStepLog;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.commands.producer.CommandProducer;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.consumer.MessageConsumer;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.eventuate.tram.messaging.producer.MessageProducer;
import io.eventuate.tram.sagas.common.SagaLockManager;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import io.eventuate.tram.sagas.orchestration.SagaCommandProducer;
import io.eventuate.tram.sagas.orchestration.SagaInstance;
import io.eventuate.tram.sagas.orchestration.SagaInstanceRepository;
import io.eventuate.tram.sagas.orchestration.SagaManagerFactory;
import io.eventuate.tram.sagas.orchestration.SagaManagerImpl;
import io.eventuate.tram.sagas.orchestration.SerializedSagaData;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What we do to Eventuate's saga instances beyond what the framework does itself: the only code with SQL over the
 * saga_instance table (with {@link WriteBehindSagaInstanceRepository}, the opt-in repository), the only code that
 * drives a saga manager by hand or sends a saga's command outside the saga manager. What it assumes of the framework:
 * <ul>
 * <li>{@code last_request_id} is the message id of the command the saga waits on (or sent last);</li>
 * <li>a reply is routed by its saga id and type headers, and a failure reply to the current step makes the
 * saga compensate the steps before it.</li>
 * </ul>
 */
@Component
public class SagaInstances {

  /**
   * SQL, used as a derived table: every order with its saga's flags and the command the saga waits on (null columns
   * once the step log no longer has it). Columns: the order's ({@code order_id, customer_id, saga_id, saga_state,
   * status, failure_code, failure_reason, created_at, updated_at, in_flight_customer_id}), the instance's
   * ({@code compensating, end_state}) and the waiting command's ({@code waiting_command_id, waiting_step, waiting_on,
   * waiting_since}).
   */
  public static final String ORDERS_WITH_WAITING_COMMAND = """
      SELECT o.id AS order_id, o.customer_id, o.saga_id, o.saga_state, o.status, o.failure_code, o.failure_reason,
             o.created_at, o.updated_at, o.in_flight_customer_id, s.compensating, s.end_state,
             w.message_id AS waiting_command_id, w.step AS waiting_step, w.participant AS waiting_on, w.at AS waiting_since
      FROM orders o
      JOIN saga_instance s ON s.saga_type = '%s' AND s.saga_id = o.saga_id
      LEFT JOIN saga_step_log w ON w.message_id = s.last_request_id AND w.kind = 'COMMAND'
      """.formatted(OrderChannels.CREATE_ORDER_SAGA_TYPE);

  /**
   * SQL: {@link #ORDERS_WITH_WAITING_COMMAND} of the orders still in flight whose saga waits for a command's answer: the
   * commands whose deadlines run once their clock has started.
   */
  public static final String IN_FLIGHT_WAITING_COMMANDS = ORDERS_WITH_WAITING_COMMAND
      + "WHERE o.in_flight_customer_id IS NOT NULL AND w.message_id IS NOT NULL\n";

  /** The subscriber id under which the framework's saga manager consumes the saga's replies. */
  static final String REPLY_SUBSCRIBER_ID = OrderChannels.CREATE_ORDER_SAGA_TYPE + "-consumer";
  /** The reply type of the failure an operator's stop feeds to the saga; no step handles it, so it only compensates. */
  static final String OPERATOR_STOP_REPLY = "com.hhcommerce.order.support.OperatorStoppedSaga";
  private static final String TYPE = OrderChannels.CREATE_ORDER_SAGA_TYPE;

  /** One saga instance as far as we read it. */
  public record Instance(String sagaId, String waitingCommandId, String dataJson, boolean compensating, boolean ended) {

    public CreateOrderSagaData data() {
      return JSonMapper.fromJson(dataJson, CreateOrderSagaData.class);
    }
  }

  private final JdbcClient jdbc;
  private final SagaInstanceRepository repository;
  private final WriteBehindSagaInstanceRepository writeBehind;
  private final MessageProducer messageProducer;
  private final CommandProducer commandProducer;
  private final SingletonSupplier<SagaManagerImpl<CreateOrderSagaData>> sagaManager;
  private final CreateOrderSaga saga;

  public SagaInstances(JdbcClient jdbc, SagaInstanceRepository repository, ObjectProvider<WriteBehindSagaInstanceRepository> writeBehind,
                       CreateOrderSaga saga, MessageProducer messageProducer, CommandProducer commandProducer,
                       ObjectProvider<MessageConsumer> messageConsumer, SagaLockManager locks, SagaCommandProducer sagaCommandProducer) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.writeBehind = writeBehind.getIfAvailable();
    this.messageProducer = messageProducer;
    this.commandProducer = commandProducer;
    this.saga = saga;
    // made on first use: the message consumer's decorators (the reply guard among them) need this class first.
    // It drives the saga's state machine in-process and does not subscribe to the reply channel (the framework's own manager does).
    this.sagaManager = SingletonSupplier.of(() -> new SagaManagerFactory(repository, commandProducer, messageConsumer.getObject(),
        locks, sagaCommandProducer).make(saga));
  }

  /** Reads the instance and locks its row until the transaction ends, so that replies and operator actions never interleave. */
  public Optional<Instance> lock(String sagaId) {
    return read(sagaId, true).map(SagaInstances::instance);
  }

  public Optional<Instance> find(String sagaId) {
    return read(sagaId, false).map(SagaInstances::instance);
  }

  /**
   * Re-sends the command the saga waits on, as it was sent (same headers, so the same partition and the participant
   * sees the two in order), and makes the saga wait for the reply to the copy only. Call inside the transaction that
   * holds {@link #lock}. Returns the copy's message id.
   */
  public String resend(String sagaId, SagaStepLog.SentCommand waiting, String note) {
    Map<String, String> headers = new HashMap<>(waiting.headers());
    headers.put(StepLogMessages.OPERATOR_HEADER, note);
    Message message = MessageBuilder.withPayload(waiting.payload()).withExtraHeaders("", headers).build();
    messageProducer.send(waiting.channel(), message);
    waitFor(sagaId, message.getId());
    return message.getId();
  }

  /** From now on the saga waits for the reply to this command only (the reply guard drops the others). */
  private void waitFor(String sagaId, String commandId) {
    SagaInstance instance = read(sagaId, false).orElseThrow(() -> new IllegalStateException("No saga instance " + sagaId + " to redirect"));
    instance.setLastRequestId(commandId);
    repository.update(instance);
  }

  /**
   * Sends the command that undoes the step the saga waits on, on the partition of the command it undoes (so the
   * participant handles it second), without saga headers: the framework must not take its answer for its own step's
   * reply. The saga then waits for the undo's answer ({@code last_request_id}), so the step deadlines re-send it until
   * it comes and support sees it as what the saga waits on; the reply guard then lets the saga compensate the steps
   * before ({@link #failWaitingStep}). Call inside the transaction that holds {@link #lock}. Returns the message id.
   */
  public String sendUndo(String sagaId, CommandWithDestination undo, SagaStepLog.SentCommand undone, String note) {
    Map<String, String> headers = new LinkedHashMap<>(undo.getExtraHeaders());
    headers.put(Message.PARTITION_ID, undone.headers().get(Message.PARTITION_ID));
    headers.put(StepLogMessages.OPERATOR_HEADER, note);
    String id = commandProducer.send(undo.getDestinationChannel(), undo.getResource(), undo.getCommand(),
        OrderChannels.CREATE_ORDER_SAGA_REPLIES, headers);
    waitFor(sagaId, id);
    return id;
  }

  /** The saga of this order, its row locked as by {@link #lock}. */
  public Optional<Instance> lockOfOrder(long orderId) {
    return jdbc.sql("SELECT saga_id FROM orders WHERE id = ?").param(orderId).query(String.class).optional()
        .flatMap(this::lock);
  }

  /**
   * An undo sent outside the saga's flow was refused, which a compensation never should be: the saga ends failed, as
   * the framework ends a saga whose compensation is refused, and the order needs a person. Call inside the
   * transaction that holds {@link #lock}.
   */
  public void endFailed(Instance ended) {
    SagaInstance instance = read(ended.sagaId(), false).orElseThrow();
    instance.setEndState(true);
    instance.setFailed(true);
    instance.setCompensating(true);
    repository.update(instance);
    saga.onSagaFailed(ended.sagaId(), ended.data());
  }

  /**
   * Tells the saga that the step it waits on failed, as a participant's failure reply would: it
   * compensates the steps before that one. Call inside the transaction that holds {@link #lock}.
   */
  public void failWaitingStep(Instance instance) {
    sagaManager.obtain().handleMessage(MessageBuilder.withPayload("{}")
        .withHeader(SagaReplyHeaders.REPLY_SAGA_ID, instance.sagaId())
        .withHeader(SagaReplyHeaders.REPLY_SAGA_TYPE, TYPE)
        .withHeader(ReplyMessageHeaders.REPLY_OUTCOME, CommandReplyOutcome.FAILURE.name())
        .withHeader(ReplyMessageHeaders.REPLY_TYPE, OPERATOR_STOP_REPLY)
        .withHeader(ReplyMessageHeaders.IN_REPLY_TO, instance.waitingCommandId())
        .build());
  }

  /** Deletes the instances of these sagas if they have ended; a saga still running is never touched. */
  public int forgetEnded(Collection<String> sagaIds) {
    return sagaIds.isEmpty() ? 0 : jdbc.sql("DELETE FROM saga_instance WHERE saga_type = :type AND saga_id IN (:ids) AND end_state = 1")
        .param("type", TYPE).param("ids", sagaIds).update();
  }

  private Optional<SagaInstance> read(String sagaId, boolean forUpdate) {
    if (writeBehind != null) {
      return writeBehind.read(TYPE, sagaId, forUpdate);
    }
    return jdbc.sql("SELECT * FROM saga_instance WHERE saga_type = ? AND saga_id = ?" + (forUpdate ? " FOR UPDATE" : ""))
        .params(TYPE, sagaId).query(SagaInstances::row).optional();
  }

  static SagaInstance row(ResultSet rs, int row) throws SQLException {
    return new SagaInstance(rs.getString("saga_type"), rs.getString("saga_id"), rs.getString("state_name"),
        rs.getString("last_request_id"), new SerializedSagaData(rs.getString("saga_data_type"), rs.getString("saga_data_json")),
        new HashSet<>(), rs.getBoolean("end_state"), rs.getBoolean("compensating"), rs.getBoolean("failed"));
  }

  private static Instance instance(SagaInstance instance) {
    return new Instance(instance.getId(), instance.getLastRequestId(), instance.getSerializedSagaData().getSagaDataJSON(),
        instance.isCompensating(), instance.isEndState());
  }
}
