package com.hhcommerce.relay;

import com.hhcommerce.platform.retention.OldRows;
import com.hhcommerce.platform.retention.RetentionRule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

/**
 * The relay's records of what it did (notifications, delivered events) are kept for hh.relay.keep-records and then
 * deleted with the platform's other retention rules. Events not yet delivered are never deleted.
 */
@Configuration(proxyBeanMethods = false)
class RelayRetention {

  @Bean
  RetentionRule notificationRetention(JdbcClient jdbc, @Value("${hh.relay.keep-records}") Duration keep) {
    return OldRows.byTime(jdbc, "notification", "created_at", keep);
  }

  @Bean
  RetentionRule platformDeliveryRetention(JdbcClient jdbc, @Value("${hh.relay.keep-records}") Duration keep) {
    return OldRows.byTime(jdbc, "platform_delivery", "delivered_at", keep);
  }
}
