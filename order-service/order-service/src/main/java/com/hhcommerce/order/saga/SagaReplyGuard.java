package com.hhcommerce.order.saga;

import com.hhcommerce.order.api.OrderChannels;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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
  /** Eventuate's subscriber id for the saga's reply channel. */
  static final String SAGA_REPLY_SUBSCRIBER = OrderChannels.CREATE_ORDER_SAGA_TYPE + "-consumer";
  /** Inside duplicate detection (200), whose transaction this joins. */
  static final int ORDER = 250;

  private final JdbcClient jdbc;
  private final SagaStepLog stepLog;

  public SagaReplyGuard(JdbcClient jdbc, SagaStepLog stepLog) {
    this.jdbc = jdbc;
    this.stepLog = stepLog;
  }

  @Override
  public void accept(SubscriberIdAndMessage subscriberIdAndMessage, MessageHandlerDecoratorChain chain) {
    Message reply = subscriberIdAndMessage.getMessage();
    Optional<SagaStepLog.SentCommand> command = reply.getHeader(ReplyMessageHeaders.IN_REPLY_TO).flatMap(stepLog::command);
    if (!SAGA_REPLY_SUBSCRIBER.equals(subscriberIdAndMessage.getSubscriberId()) || command.isEmpty()) {
      chain.invokeNext(subscriberIdAndMessage);
      return;
    }
    Optional<String> sagaId = reply.getHeader(SagaReplyHeaders.REPLY_SAGA_ID);
    if (sagaId.isEmpty()) {
      // the answer to an operator's undo command: recorded, nothing for the saga to do
      stepLog.reply(command.get(), reply, SagaStepLog.Kind.REPLY);
      return;
    }
    String lastRequestId = jdbc.sql("SELECT last_request_id FROM saga_instance WHERE saga_type = ? AND saga_id = ? FOR UPDATE")
        .params(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId.get()).query(String.class).optional().orElse(null);
    if (!Objects.equals(lastRequestId, command.get().messageId())) {
      log.info("Ignoring a reply to command {} of saga {}: it now waits for {}", command.get().messageId(), sagaId.get(), lastRequestId);
      stepLog.reply(command.get(), reply, SagaStepLog.Kind.STALE_REPLY);
      return;
    }
    long entry = stepLog.reply(command.get(), reply, SagaStepLog.Kind.REPLY);
    chain.invokeNext(subscriberIdAndMessage);
    if (reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).filter(CommandReplyOutcome.FAILURE.name()::equals).isPresent()) {
      jdbc.sql("SELECT failure_reason FROM orders WHERE id = ?").param(command.get().orderId()).query(String.class)
          .optional().ifPresent(reason -> stepLog.reason(entry, reason));
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
