package com.hhcommerce.relay;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The relay's jobs (the data platform's retries) run on a schedule. Here rather than on the application class, which
 * every test slice loads: a test that runs a job itself must not race the schedule.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RelayScheduling {
}
