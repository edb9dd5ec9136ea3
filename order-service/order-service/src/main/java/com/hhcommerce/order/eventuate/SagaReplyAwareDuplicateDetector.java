package com.hhcommerce.order.eventuate;

import io.eventuate.common.jdbc.EventuateTransactionTemplate;
import io.eventuate.tram.consumer.common.DuplicateMessageDetector;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Eventuate's duplicate detection, a {@code received_messages} row inserted in the handler's transaction, for every
 * message this service consumes except the saga's replies, whose transaction it opens without the row: {@link SagaReplyGuard}
 * already drops, under the saga's row lock, every reply the saga does not wait for, and a redelivered reply is one of
 * them (its saga has moved on or ended). One insert fewer per reply; a reply the guard cannot place in the step log
 * and does not drop (one naming no saga, or answering a command sent before the step log recorded commands) still gets
 * the row, through {@link #isDuplicate}.
 */
final class SagaReplyAwareDuplicateDetector implements DuplicateMessageDetector {

  private final DuplicateMessageDetector framework;
  private final ObjectProvider<EventuateTransactionTemplate> transactions;

  private SagaReplyAwareDuplicateDetector(DuplicateMessageDetector framework, ObjectProvider<EventuateTransactionTemplate> transactions) {
    this.framework = framework;
    this.transactions = transactions;
  }

  @Override
  public boolean isDuplicate(String consumerId, String messageId) {
    return framework.isDuplicate(consumerId, messageId);
  }

  @Override
  public void doWithMessage(SubscriberIdAndMessage subscriberIdAndMessage, Runnable callback) {
    if (!SagaInstances.REPLY_SUBSCRIBER_ID.equals(subscriberIdAndMessage.getSubscriberId())) {
      framework.doWithMessage(subscriberIdAndMessage, callback);
      return;
    }
    transactions.getObject().executeInTransaction(() -> {
      callback.run();
      return null;
    });
  }

  /** Fails the start if the detector the consumer uses is not this one: every reply would then be deduplicated twice. */
  static void check(DuplicateMessageDetector inUse) {
    if (!(inUse instanceof SagaReplyAwareDuplicateDetector)) {
      throw new IllegalStateException("The message consumer's duplicate detector " + inUse.getClass().getName()
          + " was made before it could be wrapped: the saga's replies would get a received_messages row as well");
    }
  }

  /**
   * Wraps the framework's detector, whichever configuration made it. Priority-ordered: Eventuate's command handler
   * post-processor, an ordinary one, makes the message consumer (and with it the detector) while the ordinary
   * post-processors are made, before any of them applies.
   */
  static final class Wrapping implements BeanPostProcessor, PriorityOrdered {

    private final ObjectProvider<EventuateTransactionTemplate> transactions;

    Wrapping(ObjectProvider<EventuateTransactionTemplate> transactions) {
      this.transactions = transactions;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      return bean instanceof DuplicateMessageDetector detector && !(bean instanceof SagaReplyAwareDuplicateDetector)
          ? new SagaReplyAwareDuplicateDetector(detector, transactions) : bean;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
