package com.hhcommerce.order.eventuate;

import io.eventuate.common.jdbc.EventuateTransactionTemplate;
import io.eventuate.tram.consumer.common.DuplicateMessageDetector;
import io.eventuate.tram.sagas.spring.orchestration.SagaOrchestratorConfiguration;
import io.eventuate.tram.spring.events.publisher.TramEventsPublisherConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration
@Import({SagaOrchestratorConfiguration.class, TramEventsPublisherConfiguration.class})
class SagaConfiguration {

  @Bean
  static SagaReplyAwareDuplicateDetector.Wrapping sagaReplyAwareDuplicateDetection(ObjectProvider<EventuateTransactionTemplate> transactions) {
    return new SagaReplyAwareDuplicateDetector.Wrapping(transactions);
  }

  @Bean
  SmartInitializingSingleton sagaReplyAwareDuplicateDetectionInUse(ObjectProvider<DuplicateMessageDetector> detector) {
    return () -> detector.ifAvailable(SagaReplyAwareDuplicateDetector::check);
  }
}
