package com.hhcommerce.platform.messaging;

import io.eventuate.tram.spring.commands.producer.TramCommandProducerConfiguration;
import io.eventuate.tram.spring.consumer.kafka.EventuateTramKafkaMessageConsumerConfiguration;
import io.eventuate.tram.spring.messaging.producer.jdbc.TramMessageProducerJdbcConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Every service sends through its JDBC outbox (published to Kafka by the CDC) and consumes from Kafka;
 * duplicate detection in received_messages comes with eventuate-tram-spring-consumer-jdbc.
 */
@AutoConfiguration
@Import({TramMessageProducerJdbcConfiguration.class,
    EventuateTramKafkaMessageConsumerConfiguration.class,
    TramCommandProducerConfiguration.class})
public class EventuateMessagingAutoConfiguration {

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(@Value("${eventuatelocal.kafka.bootstrap.servers}") String bootstrapServers) {
    return new KafkaHealthIndicator(bootstrapServers);
  }

  @Bean
  PingHandler pingHandler(@Value("${spring.application.name}") String serviceName) {
    return new PingHandler(serviceName);
  }
}
