package com.hhcommerce.platform.security;

import com.hhcommerce.platform.PlatformAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** Counting the CPU time of token verifications is the benchmark's, switched on by hh.performance.token-cpu-metrics. */
class TokenVerificationMetricsTest {

  private final WebApplicationContextRunner service = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
          WebMvcAutoConfiguration.class, SecurityAutoConfiguration.class, PlatformAutoConfiguration.class, ApiSecurityAutoConfiguration.class))
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withPropertyValues("hh.security.key-set-uri=http://127.0.0.1:1/jwks.json", "hh.security.issuer=urn:hh-commerce:identity",
          "hh.security.token-lifetime=PT15M", "hh.security.clock-skew=PT10S", "hh.security.key-set.connect-timeout=PT2S",
          "hh.security.key-set.read-timeout=PT3S", "hh.security.key-set.refresh=PT5M", "hh.security.key-set.unknown-key-interval=PT30S");

  @Test
  void offByDefaultTokenVerificationIsNotWrapped() {
    service.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(TokenVerificationMetrics.class);
      assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(NimbusJwtDecoder.class);
    });
    service.withPropertyValues("hh.performance.token-cpu-metrics=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(TokenVerificationMetrics.class));
  }

  @Test
  void switchedOnEveryVerificationIsCounted() {
    service.withPropertyValues("hh.performance.token-cpu-metrics=true").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(TokenVerificationMetrics.class);
      assertThat(context.getBean(JwtDecoder.class)).as("wrapped to be timed").isNotInstanceOf(NimbusJwtDecoder.class);
    });
  }
}
