package com.hhcommerce.platform.messaging;

import io.eventuate.tram.messaging.consumer.MessageConsumer;
import io.eventuate.tram.messaging.consumer.MessageHandler;
import io.eventuate.tram.messaging.consumer.MessageSubscription;
import io.micrometer.core.instrument.MeterRegistry;
import com.hhcommerce.platform.retention.SubscribedTopics;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

import java.util.Set;

/**
 * Registers each subscriber's parked-message counter when it subscribes (at start-up), so that
 * hh_messages_parked_total is on /actuator/prometheus at 0 before anything is parked and an alert on it
 * sees the series from the start; tells {@link ConsumerHealth} which consumers to watch, {@link ConsumerLag} whose lag
 * to measure, and the retention which topics
 * Kafka could deliver again ({@link SubscribedTopics}).
 */
class SubscriberMetrics implements BeanPostProcessor, PriorityOrdered, BeanFactoryAware {

  private final ObjectProvider<MeterRegistry> meters;
  private final ObjectProvider<ConsumerHealth> health;
  private final ObjectProvider<ConsumerLag> lag;
  private ObjectProvider<SubscribedTopics> topics;

  SubscriberMetrics(ObjectProvider<MeterRegistry> meters, ObjectProvider<ConsumerHealth> health, ObjectProvider<ConsumerLag> lag) {
    this.meters = meters;
    this.health = health;
    this.lag = lag;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    topics = beanFactory.getBeanProvider(SubscribedTopics.class);
  }

  /** Before Eventuate's own post-processors, which make the message consumer while they are made. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    return bean instanceof MessageConsumer consumer && !(bean instanceof Counting) ? new Counting(consumer) : bean;
  }

  private final class Counting implements MessageConsumer {

    private final MessageConsumer consumer;

    private Counting(MessageConsumer consumer) {
      this.consumer = consumer;
    }

    @Override
    public MessageSubscription subscribe(String subscriberId, Set<String> channels, MessageHandler handler) {
      meters.getObject().counter(ResilientMessageHandling.PARKED, "subscriber", subscriberId);
      MessageSubscription subscription = consumer.subscribe(subscriberId, channels, handler);
      health.getObject().subscribed(subscriberId);
      lag.ifAvailable(measured -> measured.subscribed(subscriberId, channels));
      if (topics != null) {
        topics.ifAvailable(subscribed -> subscribed.subscribed(channels));
      }
      return subscription;
    }

    @Override
    public String getId() {
      return consumer.getId();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
