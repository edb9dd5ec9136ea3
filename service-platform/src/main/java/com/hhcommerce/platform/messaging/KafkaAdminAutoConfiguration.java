package com.hhcommerce.platform.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/**
 * The one Kafka admin client of a service, for the broker's health, the consumers' lag and the topics' retention: one
 * connection and one network thread. A call waits at most 5 s; a caller may ask for less.
 */
@AutoConfiguration
public class KafkaAdminAutoConfiguration {

  @Bean(destroyMethod = "close")
  Admin platformKafkaAdmin(@Value("${eventuatelocal.kafka.bootstrap.servers}") String bootstrapServers) {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
  }
}
