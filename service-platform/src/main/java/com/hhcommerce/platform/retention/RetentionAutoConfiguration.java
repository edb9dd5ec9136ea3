package com.hhcommerce.platform.retention;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/**
 * Every service deletes what its Eventuate tables no longer need: duplicate-detection rows older than any message
 * Kafka could still deliver again (keep them longer than the topics' retention, 7 days by default), and parked
 * messages after a window for a person to look at them. A service adds its own rules as {@link RetentionRule} beans.
 */
@AutoConfiguration(after = {JdbcClientAutoConfiguration.class,
    org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration.class})
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionAutoConfiguration {

  @Bean
  RetentionRule receivedMessagesRetention(JdbcClient jdbc, RetentionProperties settings) {
    return OldRows.byEpochMillis(jdbc, "received_messages", "creation_time", settings.receivedMessages());
  }

  @Bean
  RetentionRule parkedMessagesRetention(JdbcClient jdbc, RetentionProperties settings) {
    return OldRows.byTime(jdbc, "parked_message", "parked_at", settings.parkedMessages());
  }

  @Bean
  TableRetention tableRetention(List<RetentionRule> rules, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters,
                                RetentionProperties settings) {
    TransactionTemplate batches = new TransactionTemplate(transactions);
    batches.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    return new TableRetention(rules, batches, clock, meters, settings.batchSize());
  }

  /** Every interval, the first run one interval after start. */
  @Bean
  SchedulingConfigurer tableRetentionSchedule(TableRetention retention, RetentionProperties settings) {
    return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(retention::deleteOldRows, settings.interval(), settings.interval()));
  }
}
