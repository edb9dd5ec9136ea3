package com.hhcommerce.platform;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/**
 * What every service has. Its scheduled jobs (retention, the relay's retries, stuck-saga detection ...) run on
 * Spring's scheduler, enabled here rather than on an application class: an application class is loaded by every
 * test slice too, where a job would then run on its schedule beside the test that runs it by hand.
 */
@AutoConfiguration
@EnableScheduling
public class PlatformAutoConfiguration {

  /** Business time (coupon validity, event timestamps) comes from this clock, so tests can move it. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
