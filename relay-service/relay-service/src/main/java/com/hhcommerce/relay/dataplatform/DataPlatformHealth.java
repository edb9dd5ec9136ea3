package com.hhcommerce.relay.dataplatform;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * "dataPlatform" in /actuator/health: whether the relay is on, and how many events wait to be delivered. Never
 * DOWN: a platform that is away is not a reason to restart or unroute relay-service, whose events wait safely;
 * the pending count and the breaker's state say how far behind it is.
 */
@Component("dataPlatform")
class DataPlatformHealth implements HealthIndicator {

  private final ObjectProvider<PlatformDeliveries> deliveries;

  DataPlatformHealth(ObjectProvider<PlatformDeliveries> deliveries) {
    this.deliveries = deliveries;
  }

  @Override
  public Health health() {
    PlatformDeliveries relay = deliveries.getIfAvailable();
    if (relay == null) {
      return Health.up().withDetail("relay", "off")
          .withDetail("reason", "hh.data-platform.url (HH_DATA_PLATFORM_URL) is not set: no order event is sent to a data platform").build();
    }
    Health.Builder health = Health.up().withDetail("relay", "on").withDetail("url", relay.url())
        .withDetail("breaker", relay.breakerState().name()).withDetail("pending", relay.pending());
    relay.oldestPendingSince().ifPresent(since -> health.withDetail("oldestPendingSince", since.toString()));
    return health.build();
  }
}
