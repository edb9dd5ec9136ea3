package com.hhcommerce.platform.retention;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
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
import java.time.Duration;
import java.util.List;

/**
 * Every service deletes what its Eventuate tables no longer need: duplicate-detection rows older than any message
 * Kafka could still deliver again ({@link RedeliveryWindow}, read from the consumed topics' settings), and parked
 * messages after a window for a person to look at them. A service adds its own rules as {@link RetentionRule} beans;
 * a rule whose rows must outlive a redelivery wraps itself in {@link RedeliveryWindow#covering}.
 */
@AutoConfiguration(after = {JdbcClientAutoConfiguration.class,
    org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration.class})
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionAutoConfiguration {

  /** Filled by the platform's message consumer as it subscribes (SubscriberMetrics). */
  @Bean
  SubscribedTopics subscribedTopics() {
    return new SubscribedTopics();
  }

  @Bean
  KafkaTopicRetention kafkaTopicRetention(Admin admin) {
    return new KafkaTopicRetention(admin);
  }

  @Bean
  RedeliveryWindow redeliveryWindow(SubscribedTopics topics, KafkaTopicRetention kafka, RetentionProperties settings,
                                    Clock clock, MeterRegistry meters) {
    return new RedeliveryWindow(topics::all, kafka, settings.redeliveryMargin(), settings.redeliveryRefresh(),
        clock, meters);
  }

  @Bean
  RetentionRule receivedMessagesRetention(JdbcClient jdbc, RetentionProperties settings, RedeliveryWindow redelivery) {
    return redelivery.covering(OldRows.byEpochMillis(jdbc, "received_messages", "creation_time", settings.receivedMessages()));
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

  /**
   * Every interval, the first run one interval after start. The redelivery window is read at start and checked every
   * 30 s, so that its gauge follows a topic subscribed late or a broker that answers again; it asks the broker only
   * when the topics changed, the refresh interval passed or the last question failed.
   */
  @Bean
  SchedulingConfigurer tableRetentionSchedule(TableRetention retention, RedeliveryWindow redelivery, RetentionProperties settings) {
    return tasks -> {
      tasks.addFixedDelayTask(new FixedDelayTask(retention::deleteOldRows, settings.interval(), settings.interval()));
      tasks.addFixedDelayTask(new FixedDelayTask(redelivery::current, RedeliveryWindow.PAUSE_AFTER_FAILURE, Duration.ZERO));
    };
  }
}
