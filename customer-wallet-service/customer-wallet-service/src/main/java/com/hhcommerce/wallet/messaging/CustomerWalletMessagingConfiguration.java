package com.hhcommerce.wallet.messaging;

import io.eventuate.tram.sagas.participant.SagaCommandDispatcher;
import io.eventuate.tram.sagas.participant.SagaCommandDispatcherFactory;
import io.eventuate.tram.sagas.spring.participant.SagaParticipantConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration
@Import(SagaParticipantConfiguration.class)
class CustomerWalletMessagingConfiguration {

  /** The dispatcher id is the Kafka consumer group and the duplicate-detection key in received_messages. */
  @Bean
  SagaCommandDispatcher walletCommandDispatcher(SagaCommandDispatcherFactory factory, CustomerWalletCommandHandler handler) {
    return factory.make("customer-wallet-service-commands", handler.commandHandlers());
  }
}
