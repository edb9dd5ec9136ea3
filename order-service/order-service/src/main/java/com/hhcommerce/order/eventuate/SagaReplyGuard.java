package com.hhcommerce.order.eventuate;

import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.saga.FailureReasons;
import com.hhcommerce.order.saga.SagaStepLog;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.consumer.common.DuplicateMessageDetector;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.consumer.BuiltInMessageHandlerDecoratorOrder;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Objects;
import java.util.Optional;

/**
 * Runs before the saga sees a reply, inside the reply's transaction (which {@link SagaReplyAwareDuplicateDetector} opens).
 * <p>
 * Eventuate hands any reply to the saga's current step without checking which command it answers, nor whether the
 * saga has ended. A reply to a command that is no longer the saga's last one (an operator re-sent it, or stopped the
 * saga), or to no command the saga sent, would then be taken for the current step's answer. The guard drops such
 * replies, and records every reply in the step log. It locks the saga row first, so an operator action and a reply
 * never interleave. The same check is the reply path's only deduplication: a redelivered reply finds its saga moved
 * on or ended, and is dropped without a second record. The answer to an undo sent outside the saga's flow (it carries no saga id) moves the saga
 * on by hand.
 */
@Component
public class SagaReplyGuard implements MessageHandlerDecorator {

  private static final Logger log = LoggerFactory.getLogger(SagaReplyGuard.class);

  private final SagaInstances sagaInstances;
  private final StepLogMessages stepLog;
  private final ObjectProvider<DuplicateMessageDetector> duplicates;

  public SagaReplyGuard(SagaInstances sagaInstances, StepLogMessages stepLog, ObjectProvider<DuplicateMessageDetector> duplicates) {
    this.sagaInstances = sagaInstances;
    this.stepLog = stepLog;
    this.duplicates = duplicates;
  }

  @Override
  public void accept(SubscriberIdAndMessage subscriberIdAndMessage, MessageHandlerDecoratorChain chain) {
    if (!SagaInstances.REPLY_SUBSCRIBER_ID.equals(subscriberIdAndMessage.getSubscriberId())) {
      chain.invokeNext(subscriberIdAndMessage);
      return;
    }
    Message reply = subscriberIdAndMessage.getMessage();
    Optional<SagaStepLog.AnsweredCommand> command = stepLog.answered(reply);
    Optional<String> sagaId = reply.getHeader(SagaReplyHeaders.REPLY_SAGA_ID);
    Optional<SagaInstances.Instance> saga = sagaId.flatMap(sagaInstances::lock);
    if (sagaId.isPresent() && saga.isEmpty()) {
      log.info("Dropping reply {}: saga {} has ended and its history is deleted", reply.getId(), sagaId.get());
      return;
    }
    if (command.isEmpty() && sagaId.isPresent() && !answersWaitingCommand(reply, saga.get())) {
      log.warn("Dropping reply {} to saga {}: it answers no command the saga sent (in-reply-to {})", reply.getId(), sagaId.get(),
          reply.getHeader(ReplyMessageHeaders.IN_REPLY_TO).orElse("missing"));
      return;
    }
    if (command.isEmpty()) {
      // no saga's reply, or the answer to a command the saga sent before the step log recorded commands: only the
      // framework's record tells a redelivery
      if (!duplicates.getObject().isDuplicate(subscriberIdAndMessage.getSubscriberId(), reply.getId())) {
        chain.invokeNext(subscriberIdAndMessage);
      }
      return;
    }
    if (stepLog.isOutOfFlowUndo(command.get())) {
      undoAnswered(command.get(), reply);
      return;
    }
    if (saga.isEmpty()) {
      log.warn("Dropping reply {}: it names no saga, but its command {} was the saga's", reply.getId(), command.get().messageId());
      return;
    }
    String waitingFor = saga.filter(instance -> !instance.ended()).map(SagaInstances.Instance::waitingCommandId).orElse(null);
    if (!Objects.equals(waitingFor, command.get().messageId())) {
      ignore(command.get(), reply, "saga " + sagaId.get() + " now waits for " + (waitingFor != null ? waitingFor : "nothing"));
      return;
    }
    stepLog.reply(command.get(), reply, false, failureReason(reply));
    chain.invokeNext(subscriberIdAndMessage);
  }

  /** Every command of the saga is in the step log as it is sent, except those sent before the step log existed. */
  private static boolean answersWaitingCommand(Message reply, SagaInstances.Instance saga) {
    return !saga.ended() && reply.getHeader(ReplyMessageHeaders.IN_REPLY_TO).filter(id -> id.equals(saga.waitingCommandId())).isPresent();
  }

  /** A reply the saga does not wait for: recorded as ignored, unless it is a redelivery of one already recorded. */
  private void ignore(SagaStepLog.AnsweredCommand command, Message reply, String why) {
    if (stepLog.recorded(command, reply)) {
      log.debug("Dropping reply {} to command {}: a redelivery", reply.getId(), command.messageId());
      return;
    }
    log.info("Ignoring a reply to command {}: {}", command.messageId(), why);
    stepLog.reply(command, reply, true, null);
  }

  /**
   * The answer to the undo an operator's stop or a step's deadline sent outside the saga's flow. If the saga waits for
   * it, the saga goes on: a success compensates the steps before the undone one, as a failure of that step would; a
   * refusal ends the saga failed, as a refused compensation does. An answer to an earlier copy is recorded only.
   */
  private void undoAnswered(SagaStepLog.AnsweredCommand undo, Message reply) {
    Optional<SagaInstances.Instance> instance = sagaInstances.lockOfOrder(undo.orderId());
    if (instance.isEmpty()) {
      log.info("Dropping reply {}: order {}'s saga has ended and its history is deleted", reply.getId(), undo.orderId());
      return;
    }
    Optional<SagaInstances.Instance> saga = instance.filter(i -> !i.ended() && undo.messageId().equals(i.waitingCommandId()));
    if (saga.isEmpty()) {
      ignore(undo, reply, "order " + undo.orderId() + "'s saga does not wait for this undo");
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
