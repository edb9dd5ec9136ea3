package com.hhcommerce.platform.security;

import com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration;
import com.hhcommerce.platform.messaging.KafkaHealthIndicator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** A service on Kafka learns the disabled accounts from the account events; one on in-memory messaging (a test) does not. */
@AutoConfiguration(after = {EventuateMessagingAutoConfiguration.class, ApiSecurityAutoConfiguration.class})
@ConditionalOnBean(KafkaHealthIndicator.class)
public class AccountEventsAutoConfiguration {

  @Bean
  AccountEventsFeed accountEventsFeed(@Value("${eventuatelocal.kafka.bootstrap.servers}") String bootstrapServers,
                                      @Value("${spring.application.name}") String serviceName, DisabledAccounts disabled) {
    return new AccountEventsFeed(bootstrapServers, serviceName + "-account-events", disabled);
  }
}
