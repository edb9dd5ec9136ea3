package com.hhcommerce.relay.dataplatform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the platform's URL nothing of the relay exists, and health says why. */
class DataPlatformHealthTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(DataPlatformHealth.class, DataPlatformClient.class, PlatformDeliveries.class);

  @Test
  void withoutAUrlTheRelayIsOffAndHealthSaysSoWhileStayingUp() {
    context.withPropertyValues("hh.data-platform.url=").run(started -> {
      assertThat(started).hasNotFailed().doesNotHaveBean(DataPlatformClient.class).doesNotHaveBean(PlatformDeliveries.class);
      Health health = started.getBean(DataPlatformHealth.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("relay", "off");
      assertThat(health.getDetails().get("reason").toString()).contains("HH_DATA_PLATFORM_URL");
    });
  }
}
