package com.hhcommerce.platform;

import com.hhcommerce.platform.messaging.MessagingProperties;
import com.hhcommerce.platform.retention.RetentionProperties;
import com.hhcommerce.platform.security.ApiSecurityProperties;
import com.hhcommerce.platform.security.PerformanceProperties;
import com.hhcommerce.platform.web.WebContractProperties;
import com.hhcommerce.platform.web.docs.ApiDocumentationProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's settings bind under the names and environment variables that docker-compose, the local stack and the
 * docs use, with the defaults of hh-platform.properties or of their classes.
 */
class PlatformSettingsTest {

  @EnableConfigurationProperties({MessagingProperties.class, RetentionProperties.class, ApiSecurityProperties.class,
      PerformanceProperties.class, WebContractProperties.class, ApiDocumentationProperties.class})
  static class Settings {
  }

  private static ApplicationContextRunner platformWith(Map<String, Object> environmentVariables) {
    return new ApplicationContextRunner().withUserConfiguration(Settings.class).withInitializer(context -> {
      try {
        context.getEnvironment().getPropertySources().addLast(new ResourcePropertySource("classpath:hh-platform.properties"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      context.getEnvironment().getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
          new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
    });
  }

  @Test
  void everySettingHasItsDefault() {
    platformWith(Map.of()).run(context -> {
      assertThat(context).hasNotFailed();
      MessagingProperties messaging = context.getBean(MessagingProperties.class);
      assertThat(messaging.retry().firstBackOff()).isEqualTo(Duration.ofMillis(200));
      assertThat(messaging.retry().maxBackOff()).isEqualTo(Duration.ofSeconds(15));
      assertThat(messaging.swimlanesPerPartition()).isEqualTo(8);
      assertThat(messaging.stuckAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(context.getBean(RetentionProperties.class)).isEqualTo(new RetentionProperties(Duration.ofMinutes(10), 1000,
          Duration.ofDays(8), Duration.ofDays(30), Duration.ofDays(1), Duration.ofHours(1)));
      ApiSecurityProperties security = context.getBean(ApiSecurityProperties.class);
      assertThat(security.keySetUri()).isEqualTo("http://localhost:8083/.well-known/jwks.json");
      assertThat(security.issuer()).isEqualTo("urn:hh-commerce:identity");
      assertThat(security.tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
      assertThat(security.clockSkew()).isEqualTo(Duration.ofSeconds(10));
      assertThat(security.keySet()).isEqualTo(new ApiSecurityProperties.KeySet(Duration.ofSeconds(2), Duration.ofSeconds(3),
          Duration.ofMinutes(5), Duration.ofSeconds(30)));
      assertThat(context.getBean(PerformanceProperties.class).tokenCpuMetrics()).as("off unless the benchmark asks").isFalse();
      assertThat(context.getBean(WebContractProperties.class).maxRequestBody()).isEqualTo(DataSize.ofMegabytes(1));
      assertThat(context.getBean(ApiDocumentationProperties.class).version()).isEqualTo("1.0");
    });
  }

  @Test
  void theEnvironmentVariablesSetThem() {
    platformWith(Map.of("HH_RETENTION_INTERVAL", "PT1S", "HH_RETENTION_RECEIVED_MESSAGES", "PT15S",
        "HH_SECURITY_KEY_SET_URI", "http://identity:8083/.well-known/jwks.json", "HH_SECURITY_TOKEN_LIFETIME", "PT5M",
        "HH_PERFORMANCE_TOKEN_CPU_METRICS", "true", "HH_WEB_MAX_REQUEST_BODY", "10KB", "HH_MESSAGING_STUCK_AFTER", "PT2M"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(RetentionProperties.class).interval()).isEqualTo(Duration.ofSeconds(1));
          assertThat(context.getBean(RetentionProperties.class).receivedMessages()).isEqualTo(Duration.ofSeconds(15));
          assertThat(context.getBean(ApiSecurityProperties.class).keySetUri()).isEqualTo("http://identity:8083/.well-known/jwks.json");
          assertThat(context.getBean(ApiSecurityProperties.class).tokenLifetime()).isEqualTo(Duration.ofMinutes(5));
          assertThat(context.getBean(PerformanceProperties.class).tokenCpuMetrics()).isTrue();
          assertThat(context.getBean(WebContractProperties.class).maxRequestBody()).isEqualTo(DataSize.ofKilobytes(10));
          assertThat(context.getBean(MessagingProperties.class).stuckAfter()).isEqualTo(Duration.ofMinutes(2));
        });
  }

  @Test
  void aValueThatCannotWorkIsRefusedAtStart() {
    platformWith(Map.of("HH_RETENTION_INTERVAL", "PT0S")).run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("hh.retention.interval"));
  }

  @Test
  void aKeyRefreshTooShortForABackgroundFetchToTimeOutIsRefusedAtStartNamingIt() {
    // the defaults: 2 s to connect, 3 s to read; a background fetch must be able to time out before the keys expire
    platformWith(Map.of("HH_SECURITY_KEY_SET_REFRESH", "PT19.999S")).run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("keySet.refresh")
            .hasStackTraceContaining("must be at least four times hh.security.key-set.connect-timeout plus read-timeout"));
    platformWith(Map.of("HH_SECURITY_KEY_SET_REFRESH", "PT20S")).run(context -> assertThat(context).hasNotFailed());
    // an unknown-key interval longer than the refresh is allowed: the two no longer share a limit
    platformWith(Map.of("HH_SECURITY_KEY_SET_REFRESH", "PT20S", "HH_SECURITY_KEY_SET_UNKNOWN_KEY_INTERVAL", "PT1H")).run(context ->
        assertThat(context).hasNotFailed());
  }
}
