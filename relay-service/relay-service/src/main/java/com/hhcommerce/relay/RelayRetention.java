package com.hhcommerce.relay;

import com.hhcommerce.platform.retention.OldRows;
import com.hhcommerce.platform.retention.RedeliveryWindow;
import com.hhcommerce.platform.retention.RetentionRule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's records of what it did (notifications, delivered events) are how it recognises an event Kafka delivers
 * again: they are kept as long as Kafka could still deliver the event ({@link RedeliveryWindow}), at least
 * hh.relay.keep-records ({@link RelayProperties}), and then deleted with the platform's other retention rules. Events not
 * yet delivered are never deleted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
class RelayRetention {

  @Bean
  RetentionRule notificationRetention(JdbcClient jdbc, RelayProperties settings, RedeliveryWindow redelivery) {
    return redelivery.covering(OldRows.byTime(jdbc, "notification", "created_at", settings.keepRecords()));
  }

  @Bean
  RetentionRule platformDeliveryRetention(JdbcClient jdbc, RelayProperties settings, RedeliveryWindow redelivery) {
    return redelivery.covering(OldRows.byTime(jdbc, "platform_delivery", "delivered_at", settings.keepRecords()));
  }
}
