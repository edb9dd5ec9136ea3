package com.hhcommerce.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.scheduling.annotation.Scheduled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With the platform's settings a job that runs long does not hold back the others (Spring's default is one thread). */
class SchedulingTest {

  /** A long job (a retention batch) and a short one (the step deadlines). */
  static class Jobs {
    final CountDownLatch shortJobRanTwice = new CountDownLatch(2);
    volatile boolean longJobSawIt;

    @Scheduled(fixedDelay = 60_000)
    void longJob() throws InterruptedException {
      longJobSawIt = shortJobRanTwice.await(10, TimeUnit.SECONDS);
    }

    @Scheduled(fixedDelay = 10, initialDelay = 50)
    void shortJob() {
      shortJobRanTwice.countDown();
    }
  }

  @Configuration
  static class WithJobs {
    @Bean
    Jobs jobs() {
      return new Jobs();
    }
  }

  @Test
  void aLongJobDoesNotHoldBackTheOthers() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PlatformAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
        .withUserConfiguration(WithJobs.class)
        .withInitializer(context -> {
          try {
            context.getEnvironment().getPropertySources().addLast(new ResourcePropertySource("classpath:hh-platform.properties"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .run(context -> {
          Jobs jobs = context.getBean(Jobs.class);
          assertThat(jobs.shortJobRanTwice.await(10, TimeUnit.SECONDS)).as("the short job ran while the long one was running").isTrue();
          org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jobs.longJobSawIt);
        });
  }
}
