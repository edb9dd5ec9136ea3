package com.hhcommerce.order.saga;

import com.hhcommerce.order.api.OrderChannels;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.commands.producer.CommandProducer;
import io.eventuate.tram.messaging.consumer.MessageConsumer;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.eventuate.tram.sagas.common.SagaLockManager;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import io.eventuate.tram.sagas.orchestration.SagaCommandProducer;
import io.eventuate.tram.sagas.orchestration.SagaInstance;
import io.eventuate.tram.sagas.orchestration.SagaManagerFactory;
import io.eventuate.tram.sagas.orchestration.SagaManagerImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import java.util.Optional;

/**
 * What we do to Eventuate's saga instances beyond what the framework does itself: with {@link SagaInstanceStore},
 * which holds the rows, the only code that knows the saga_instance table; the only code that drives a saga manager by hand. Written against eventuate-tram-sagas
 * 0.25; SagaInstancesTest pins every assumption made here, so an upgrade fails there first.
 * <ul>
 * <li>{@code last_request_id} is the message id of the command the saga waits on (or sent last);</li>
 * <li>a reply is routed by its saga id and type headers, and a failure reply to the current step makes the
 * saga compensate the steps before it.</li>
 * </ul>
 */
@Component
public class SagaInstances {

  /** SQL: orders (alias {@code o}) joined to their saga instance (alias {@code s}). */
  public static final String JOIN_SAGA_OF_ORDER =
      "JOIN saga_instance s ON s.saga_type = '" + OrderChannels.CREATE_ORDER_SAGA_TYPE + "' AND s.saga_id = o.saga_id";
  /** SQL: the message id of the command the saga instance {@code s} waits on. */
  public static final String WAITING_COMMAND_ID = "s.last_request_id";
  /** SQL: the instance's own flags, as columns compensating and end_state. */
  public static final String FLAGS = "s.compensating, s.end_state";

  /** The subscriber id under which the framework's saga manager consumes the saga's replies. */
  static final String REPLY_SUBSCRIBER_ID = OrderChannels.CREATE_ORDER_SAGA_TYPE + "-consumer";
  /** The reply type of the failure an operator's stop feeds to the saga; no step handles it, so it only compensates. */
  static final String OPERATOR_STOP_REPLY = "com.hhcommerce.order.support.OperatorStoppedSaga";

  /** One saga instance as far as we read it. */
  public record Instance(String sagaId, String waitingCommandId, String dataJson, boolean compensating, boolean ended) {

    public CreateOrderSagaData data() {
      return JSonMapper.fromJson(dataJson, CreateOrderSagaData.class);
    }
  }

  private final SagaInstanceStore store;
  private final SingletonSupplier<SagaManagerImpl<CreateOrderSagaData>> sagaManager;

  public SagaInstances(SagaInstanceStore store, CreateOrderSaga saga, CommandProducer commandProducer,
                       ObjectProvider<MessageConsumer> messageConsumer, SagaLockManager locks, SagaCommandProducer sagaCommandProducer) {
    this.store = store;
    // made on first use: the message consumer's decorators (the reply guard among them) need this class first.
    // It drives the saga's state machine in-process and does not subscribe to the reply channel (the framework's own manager does).
    this.sagaManager = SingletonSupplier.of(() -> new SagaManagerFactory(store, commandProducer, messageConsumer.getObject(),
        locks, sagaCommandProducer).make(saga));
  }

  /** Reads the instance and locks its row until the transaction ends, so that replies and operator actions never interleave. */
  public Optional<Instance> lock(String sagaId) {
    return store.read(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId, true).map(SagaInstances::instance);
  }

  public Optional<Instance> find(String sagaId) {
    return store.read(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId, false).map(SagaInstances::instance);
  }

  /**
   * The saga now waits for the reply to this command only (a re-sent copy of the one it waited on). Call inside
   * the transaction that holds {@link #lock}: the locked instance is the one changed, written at the commit.
   */
  public void redirect(String sagaId, String commandMessageId) {
    SagaInstance instance = store.read(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId, false)
        .orElseThrow(() -> new IllegalStateException("No saga instance " + sagaId + " to redirect"));
    instance.setLastRequestId(commandMessageId);
    store.update(instance);
  }

  /**
   * Tells the saga that the step it waits on failed, as a participant's failure reply would: it
   * compensates the steps before that one. Call inside the transaction that holds {@link #lock}.
   */
  public void failWaitingStep(Instance instance) {
    sagaManager.obtain().handleMessage(MessageBuilder.withPayload("{}")
        .withHeader(SagaReplyHeaders.REPLY_SAGA_ID, instance.sagaId())
        .withHeader(SagaReplyHeaders.REPLY_SAGA_TYPE, OrderChannels.CREATE_ORDER_SAGA_TYPE)
        .withHeader(ReplyMessageHeaders.REPLY_OUTCOME, CommandReplyOutcome.FAILURE.name())
        .withHeader(ReplyMessageHeaders.REPLY_TYPE, OPERATOR_STOP_REPLY)
        .withHeader(ReplyMessageHeaders.IN_REPLY_TO, instance.waitingCommandId())
        .build());
  }

  /** Deletes the instances of these sagas if they have ended; a saga still running is never touched. */
  public int forgetEnded(java.util.Collection<String> sagaIds) {
    return sagaIds.isEmpty() ? 0 : store.delete(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaIds);
  }

  private static Instance instance(SagaInstance instance) {
    return new Instance(instance.getId(), instance.getLastRequestId(), instance.getSerializedSagaData().getSagaDataJSON(),
        instance.isCompensating(), instance.isEndState());
  }
}
