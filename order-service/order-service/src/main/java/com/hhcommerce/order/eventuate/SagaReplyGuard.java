package com.hhcommerce.order.eventuate;

import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.saga.FailureReasons;
import com.hhcommerce.order.saga.SagaStepLog;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.consumer.BuiltInMessageHandlerDecoratorOrder;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Objects;
import java.util.Optional;

/**
 * Runs before the saga sees a reply, inside the reply's transaction (inside Eventuate's duplicate detection, which
 * opens it).
 * <p>
 * Eventuate hands any reply to the saga's current step without checking which command it answers. A
 * reply to a command that is no longer the saga's last one (an operator re-sent it, or stopped the saga)
 * would then be taken for the current step's answer. The guard drops such replies, and records every
 * reply in the step log. It locks the saga row first, so an operator action and a reply never interleave. The
 * answer to an undo sent outside the saga's flow (it carries no saga id) moves the saga on by hand.
 */
@Component
public class SagaReplyGuard implements MessageHandlerDecorator {

  private static final Logger log = LoggerFactory.getLogger(SagaReplyGuard.class);

  private final SagaInstances sagaInstances;
  private final StepLogMessages stepLog;

  public SagaReplyGuard(SagaInstances sagaInstances, StepLogMessages stepLog) {
    this.sagaInstances = sagaInstances;
    this.stepLog = stepLog;
  }

  @Override
  public void accept(SubscriberIdAndMessage subscriberIdAndMessage, MessageHandlerDecoratorChain chain) {
    Message reply = subscriberIdAndMessage.getMessage();
    Optional<SagaStepLog.AnsweredCommand> command = SagaInstances.REPLY_SUBSCRIBER_ID.equals(subscriberIdAndMessage.getSubscriberId())
        ? stepLog.answered(reply) : Optional.empty();
    if (command.isEmpty()) {
      chain.invokeNext(subscriberIdAndMessage);
      return;
    }
    Optional<String> sagaId = reply.getHeader(SagaReplyHeaders.REPLY_SAGA_ID);
    if (sagaId.isEmpty()) {
      undoAnswered(command.get(), reply);
      return;
    }
    String waitingFor = sagaInstances.lock(sagaId.get()).map(SagaInstances.Instance::waitingCommandId).orElse(null);
    if (!Objects.equals(waitingFor, command.get().messageId())) {
      log.info("Ignoring a reply to command {} of saga {}: it now waits for {}", command.get().messageId(), sagaId.get(), waitingFor);
      stepLog.reply(command.get(), reply, true, null);
      return;
    }
    stepLog.reply(command.get(), reply, false, failureReason(reply));
    chain.invokeNext(subscriberIdAndMessage);
  }

  /**
   * The answer to the undo an operator's stop or a step's deadline sent outside the saga's flow. If the saga waits for
   * it, the saga goes on: a success compensates the steps before the undone one, as a failure of that step would; a
   * refusal ends the saga failed, as a refused compensation does. An answer to an earlier copy is recorded only.
   */
  private void undoAnswered(SagaStepLog.AnsweredCommand undo, Message reply) {
    Optional<SagaInstances.Instance> saga = sagaInstances.lockOfOrder(undo.orderId())
        .filter(instance -> !instance.ended() && undo.messageId().equals(instance.waitingCommandId()));
    if (saga.isEmpty()) {
      stepLog.reply(undo, reply, true, null);
      return;
    }
    boolean refused = reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).filter(CommandReplyOutcome.SUCCESS.name()::equals).isEmpty();
    stepLog.reply(undo, reply, false, refused ? "The undo was refused: the order needs a person" : null);
    if (refused) {
      sagaInstances.endFailed(saga.get());
    } else {
      sagaInstances.failWaitingStep(saga.get());
    }
  }

  /** The reason a failure reply reports, as the saga records it on the order. */
  private static String failureReason(Message reply) {
    if (reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).filter(CommandReplyOutcome.FAILURE.name()::equals).isEmpty()) {
      return null;
    }
    try {
      Class<?> type = Class.forName(reply.getRequiredHeader(ReplyMessageHeaders.REPLY_TYPE));
      return FailureReasons.of(JSonMapper.fromJson(reply.getPayload(), type)).map(OrderFailure::reason).orElse(null);
    } catch (ClassNotFoundException | RuntimeException unreadable) {
      return null; // a failure the saga itself does not read (a refused compensation): the step log keeps no reason
    }
  }

  /** Inside duplicate detection, whose transaction this joins. */
  @Override
  public int getOrder() {
    return BuiltInMessageHandlerDecoratorOrder.DUPLICATE_DETECTING_MESSAGE_HANDLER_DECORATOR + 50;
  }
}
