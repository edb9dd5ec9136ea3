package com.hhcommerce.order.saga;

import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.Orders;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Objects;
import java.util.Optional;

/**
 * Runs before the saga sees a reply, inside the reply's transaction (after duplicate detection).
 * <p>
 * Eventuate hands any reply to the saga's current step without checking which command it answers. A
 * reply to a command that is no longer the saga's last one (an operator re-sent it, or stopped the saga)
 * would then be taken for the current step's answer. The guard drops such replies, and records every
 * reply in the step log. It locks the saga row first, so an operator action and a reply never interleave.
 */
@Component
public class SagaReplyGuard implements MessageHandlerDecorator {

  private static final Logger log = LoggerFactory.getLogger(SagaReplyGuard.class);
  /** Inside duplicate detection (200), whose transaction this joins. */
  static final int ORDER = 250;

  private final SagaInstances sagaInstances;
  private final Orders orders;
  private final SagaStepLog stepLog;

  public SagaReplyGuard(SagaInstances sagaInstances, Orders orders, SagaStepLog stepLog) {
    this.sagaInstances = sagaInstances;
    this.orders = orders;
    this.stepLog = stepLog;
  }

  @Override
  public void accept(SubscriberIdAndMessage subscriberIdAndMessage, MessageHandlerDecoratorChain chain) {
    Message reply = subscriberIdAndMessage.getMessage();
    Optional<SagaStepLog.AnsweredCommand> command = stepLog.answered(reply);
    if (!SagaInstances.REPLY_SUBSCRIBER_ID.equals(subscriberIdAndMessage.getSubscriberId()) || command.isEmpty()) {
      chain.invokeNext(subscriberIdAndMessage);
      return;
    }
    Optional<String> sagaId = reply.getHeader(SagaReplyHeaders.REPLY_SAGA_ID);
    if (sagaId.isEmpty()) {
      // the answer to an operator's undo command: recorded, nothing for the saga to do
      stepLog.reply(command.get(), reply, SagaStepLog.Kind.REPLY);
      return;
    }
    String waitingFor = sagaInstances.lock(sagaId.get()).map(SagaInstances.Instance::waitingCommandId).orElse(null);
    if (!Objects.equals(waitingFor, command.get().messageId())) {
      log.info("Ignoring a reply to command {} of saga {}: it now waits for {}", command.get().messageId(), sagaId.get(), waitingFor);
      stepLog.reply(command.get(), reply, SagaStepLog.Kind.STALE_REPLY);
      return;
    }
    SagaStepLog.Written entry = stepLog.reply(command.get(), reply, SagaStepLog.Kind.REPLY);
    chain.invokeNext(subscriberIdAndMessage);
    if (reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).filter(CommandReplyOutcome.FAILURE.name()::equals).isPresent()) {
      orders.failure(command.get().orderId()).map(OrderFailure::reason).ifPresent(reason -> stepLog.reason(entry, reason));
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
