package com.hhcommerce.cdc;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CDC's settings bind from its application.properties under the names and environment variables that
 * docker-compose, the local stack and the docs use, both as beans and as the start-up listeners bind them.
 */
class CdcSettingsTest {

  @EnableConfigurationProperties({CdcProperties.class, WatchdogProperties.class, OutboxRetentionProperties.class})
  static class Settings {
  }

  private static ApplicationContextRunner cdcWith(Map<String, Object> environmentVariables) {
    return new ApplicationContextRunner().withUserConfiguration(Settings.class).withInitializer(context -> {
      try {
        context.getEnvironment().getPropertySources().addLast(new ResourcePropertySource("classpath:application.properties"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      context.getEnvironment().getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
          new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
    });
  }

  @Test
  void everySettingHasItsDefault() {
    cdcWith(Map.of()).run(context -> {
      assertThat(context).hasNotFailed();
      CdcProperties cdc = context.getBean(CdcProperties.class);
      assertThat(cdc.db()).isEqualTo(new CdcProperties.Db(
          "jdbc:mysql://localhost:3306/cdc?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000", "cdc", "cdc"));
      assertThat(cdc.dbWaitSeconds()).isEqualTo(60);
      assertThat(cdc.topics()).hasSize(11).contains("account-events", "hh-cdc-probe");
      assertThat(cdc.topicPartitions()).isEqualTo(2);
      assertThat(cdc.topicReplicationFactor()).isEqualTo((short) 1);
      assertThat(cdc.kafkaWaitSeconds()).isEqualTo(60);
      assertThat(cdc.offsetSaveInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(cdc.zookeeper().sessionTimeoutMs()).isEqualTo(10_000);
      assertThat(CdcProperties.from(context.getEnvironment())).as("as the start-up listeners bind it").isEqualTo(cdc);
      assertThat(context.getBean(WatchdogProperties.class))
          .isEqualTo(new WatchdogProperties(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5), true));
      assertThat(context.getBean(OutboxRetentionProperties.class))
          .isEqualTo(new OutboxRetentionProperties(Duration.ofHours(1), Duration.ofSeconds(10), 20_000));
    });
  }

  @Test
  void theEnvironmentVariablesSetThem() {
    cdcWith(Map.of("HH_DB_HOST", "mysql", "HH_CDC_DB_PASSWORD", "secret", "HH_CDC_TOPIC_PARTITIONS", "4", "HH_CDC_TOPICS", "a, b",
        "HH_CDC_OFFSET_SAVE_INTERVAL", "PT0S", "HH_CDC_WATCHDOG_STALL_AFTER", "PT30S", "HH_CDC_OUTBOX_KEEP", "PT1M",
        "HH_CDC_OUTBOX_RETENTION_INTERVAL", "PT1S")).run(context -> {
          assertThat(context).hasNotFailed();
          CdcProperties cdc = CdcProperties.from(context.getEnvironment());
          assertThat(cdc.db().url()).startsWith("jdbc:mysql://mysql:3306/cdc?");
          assertThat(cdc.db().password()).isEqualTo("secret");
          assertThat(cdc.topicPartitions()).isEqualTo(4);
          assertThat(cdc.topics()).containsExactly("a", "b");
          assertThat(cdc.offsetSaveInterval()).isZero();
          assertThat(context.getBean(WatchdogProperties.class).stallAfter()).isEqualTo(Duration.ofSeconds(30));
          assertThat(context.getBean(OutboxRetentionProperties.class).keep()).isEqualTo(Duration.ofMinutes(1));
          assertThat(context.getBean(OutboxRetentionProperties.class).interval()).isEqualTo(Duration.ofSeconds(1));
        });
  }

  @Test
  void aMissingSettingIsRefusedAtStart() {
    new ApplicationContextRunner().withUserConfiguration(Settings.class).run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("is not set"));
  }
}
