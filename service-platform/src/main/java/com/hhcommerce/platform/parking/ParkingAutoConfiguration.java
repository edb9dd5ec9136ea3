package com.hhcommerce.platform.parking;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every service's parked messages, listed and re-driven over HTTP (/parked-messages) by support staff and the operator.
 */
@AutoConfiguration(after = {JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ParkingAutoConfiguration {

  @Bean
  ParkedMessages parkedMessages(JdbcClient jdbc, PlatformTransactionManager transactions) {
    return new ParkedMessages(jdbc, new TransactionTemplate(transactions));
  }

  @Bean
  ParkedMessageController parkedMessageController(ParkedMessages parked) {
    return new ParkedMessageController(parked);
  }

  @Bean
  AccessRules parkedMessageRules() {
    return requests -> requests.requestMatchers(ParkedMessageController.PATH, ParkedMessageController.PATH + "/**")
        .hasAnyRole(Role.SUPPORT.name(), Role.OPERATOR.name());
  }
}
