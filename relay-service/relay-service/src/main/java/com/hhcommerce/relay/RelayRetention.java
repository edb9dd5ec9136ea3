package com.hhcommerce.relay;

import com.hhcommerce.platform.retention.OldRows;
import com.hhcommerce.platform.retention.RetentionRule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's records of what it did (notifications, delivered events) are kept for hh.relay.keep-records
 * ({@link RelayProperties}) and then deleted with the platform's other retention rules. Events not yet delivered are never deleted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
class RelayRetention {

  @Bean
  RetentionRule notificationRetention(JdbcClient jdbc, RelayProperties settings) {
    return OldRows.byTime(jdbc, "notification", "created_at", settings.keepRecords());
  }

  @Bean
  RetentionRule platformDeliveryRetention(JdbcClient jdbc, RelayProperties settings) {
    return OldRows.byTime(jdbc, "platform_delivery", "delivered_at", settings.keepRecords());
  }
}
