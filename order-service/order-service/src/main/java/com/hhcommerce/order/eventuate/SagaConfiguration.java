package com.hhcommerce.order.eventuate;

import io.eventuate.common.jdbc.EventuateTransactionTemplate;
import io.eventuate.tram.sagas.spring.orchestration.SagaOrchestratorConfiguration;
import io.eventuate.tram.spring.events.publisher.TramEventsPublisherConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration
@Import({SagaOrchestratorConfiguration.class, TramEventsPublisherConfiguration.class})
class SagaConfiguration {

  @Bean
  static BeanPostProcessor sagaReplyAwareDuplicateDetection(ObjectProvider<EventuateTransactionTemplate> transactions) {
    return SagaReplyAwareDuplicateDetector.wrapping(transactions);
  }
}
