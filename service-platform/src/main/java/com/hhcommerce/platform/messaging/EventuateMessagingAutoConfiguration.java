package com.hhcommerce.platform.messaging;

import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumerConfigurationProperties;
import io.eventuate.messaging.kafka.basic.consumer.KafkaConsumerFactory;
import io.eventuate.messaging.kafka.consumer.MultipleSwimlanesPerTopicPartitionMapping;
import io.eventuate.messaging.kafka.consumer.TopicPartitionToSwimlaneMapping;
import io.eventuate.tram.spring.commands.consumer.TramCommandConsumerConfiguration;
import io.eventuate.tram.spring.commands.producer.TramCommandProducerConfiguration;
import io.eventuate.tram.spring.consumer.kafka.EventuateTramKafkaMessageConsumerConfiguration;
import io.eventuate.tram.spring.events.publisher.TramEventsPublisherConfiguration;
import io.eventuate.tram.spring.events.subscriber.AnnotationBasedEventsSubscriberConfiguration;
import io.eventuate.tram.spring.events.subscriber.TramEventSubscriberConfiguration;
import io.eventuate.tram.spring.messaging.producer.jdbc.TramMessageProducerJdbcConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;

/**
 * Every service sends through its JDBC outbox (published to Kafka by the CDC) and consumes from Kafka;
 * duplicate detection in received_messages comes with eventuate-tram-spring-consumer-jdbc.
 */
@AutoConfiguration(after = {org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration.class,
    org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration.class})
@Import({TramMessageProducerJdbcConfiguration.class,
    EventuateTramKafkaMessageConsumerConfiguration.class,
    TramCommandProducerConfiguration.class,
    // with it, Eventuate's @EventuateCommandHandler methods: each participant's inbox
    TramCommandConsumerConfiguration.class,
    // domain events out through the outbox, and @EventuateDomainEventHandler methods in
    TramEventsPublisherConfiguration.class,
    TramEventSubscriberConfiguration.class,
    AnnotationBasedEventsSubscriberConfiguration.class})
@EnableConfigurationProperties(MessagingProperties.class)
public class EventuateMessagingAutoConfiguration {

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(@Value("${eventuatelocal.kafka.bootstrap.servers}") String bootstrapServers, Admin admin) {
    return new KafkaHealthIndicator(bootstrapServers, admin);
  }

  @Bean
  ResilientMessageHandling resilientMessageHandling(JdbcClient jdbc, ObjectProvider<MeterRegistry> meters, ConsumerHealth health,
                                                    MessagingProperties settings) {
    MessagingProperties.Retry retry = settings.retry();
    return new ResilientMessageHandling(jdbc, meters::getObject, health, retry.firstBackOff(), retry.maxBackOff());
  }

  /** The health contributor "messageConsumers", in the readiness group (hh-platform.properties). */
  @Bean
  ConsumerHealth messageConsumersHealthIndicator(ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock, MessagingProperties settings) {
    return new ConsumerHealth(meters::getObject, clock.getIfAvailable(Clock::systemUTC), settings.stuckAfter());
  }

  /**
   * Eventuate handles the messages of a Kafka partition one at a time by default, so a consumer runs at
   * most as many handlers at once as its topic has partitions (2 here), each waiting on its transaction's
   * commit. Messages of different keys may run in parallel: each command and reply has its own key, an
   * operator's re-send or undo reuses the key of the command it repeats, so its order is kept.
   */
  @Bean
  TopicPartitionToSwimlaneMapping swimlanesPerPartition(MessagingProperties settings) {
    return new MultipleSwimlanesPerTopicPartitionMapping(settings.swimlanesPerPartition());
  }

  /**
   * Primary: Eventuate's own factory, imported above, is made too (its condition on a missing bean is checked before
   * this class's beans are known).
   */
  @Bean
  @Primary
  KafkaConsumerFactory configuredPollTimeout(EventuateKafkaConsumerConfigurationProperties eventuate, MessagingProperties settings) {
    return new ConfiguredPollTimeout(Duration.ofMillis(eventuate.getPollTimeout()), settings.offsetCommitInterval());
  }

  @Bean
  ConsumerLag consumerLag(Admin admin, MeterRegistry meters, MessagingProperties settings) {
    return new ConsumerLag(admin, meters, settings.lagInterval());
  }

  /** Static: a bean post-processor is made before the beans it processes. */
  @Bean
  static SubscriberMetrics subscriberMetrics(ObjectProvider<MeterRegistry> meters, ObjectProvider<ConsumerHealth> health,
                                             ObjectProvider<ConsumerLag> lag) {
    return new SubscriberMetrics(meters, health, lag);
  }

  @Bean
  PingHandler pingHandler(@Value("${spring.application.name}") String serviceName) {
    return new PingHandler(serviceName);
  }
}
