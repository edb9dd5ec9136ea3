package com.hhcommerce.order.simulation;

import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.common.spring.id.IdGeneratorConfiguration;
import io.eventuate.tram.consumer.common.MessageConsumerImplementation;
import io.eventuate.tram.messaging.producer.common.MessageProducerImplementation;
import io.eventuate.tram.spring.commands.consumer.TramCommandConsumerConfiguration;
import io.eventuate.tram.spring.commands.consumer.TramCommandReplyProducerConfiguration;
import io.eventuate.tram.spring.consumer.common.TramConsumerCommonConfiguration;
import io.eventuate.tram.spring.events.publisher.TramEventsPublisherConfiguration;
import io.eventuate.tram.spring.messaging.producer.common.TramMessagingCommonProducerConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Eventuate's messaging in a simulated service, in place of the JDBC outbox and Kafka that
 * EventuateMessagingAutoConfiguration wires (excluded there): the framework's own producer, consumer, duplicate
 * detection (received_messages, from Eventuate's JDBC consumer auto-configuration) and command dispatch, over the
 * {@link HeldBus}. The service's {@link HeldBus.Endpoint} is registered in its context before it starts. Test
 * configurations, so that the component tests' scan of com.hhcommerce.order leaves them out.
 */
final class HeldBusMessaging {

  private HeldBusMessaging() {
  }

  @TestConfiguration(proxyBeanMethods = false)
  @Import({TramConsumerCommonConfiguration.class, TramMessagingCommonProducerConfiguration.class, IdGeneratorConfiguration.class})
  static class Endpoints {

    @Bean
    MessageProducerImplementation heldBusProducer(HeldBus.Endpoint endpoint) {
      return endpoint.bus().producer(endpoint.service());
    }

    @Bean
    MessageConsumerImplementation heldBusConsumer(HeldBus.Endpoint endpoint) {
      return endpoint.bus().consumer(endpoint.service());
    }
  }

  /** The orchestrator: its saga configuration brings the command producer and the saga manager. */
  @TestConfiguration(proxyBeanMethods = false)
  @Import({Endpoints.class, TramCommandReplyProducerConfiguration.class})
  static class ForOrderService {
  }

  /** A participant: its @EventuateCommandHandler methods are dispatched by the framework; its domain events go nowhere. */
  @TestConfiguration(proxyBeanMethods = false)
  @Import({Endpoints.class, TramCommandConsumerConfiguration.class, TramEventsPublisherConfiguration.class})
  static class ForParticipant {

    @Bean
    PingHandler pingHandler(@Value("${spring.application.name}") String service) {
      return new PingHandler(service);
    }
  }
}
