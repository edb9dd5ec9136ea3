package com.hhcommerce.cdc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Start-up steps that need a server which may still be starting (Kafka, the database): retried until a deadline. */
final class StartupRetry {

  private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);

  private StartupRetry() {
  }

  static <T> T until(Duration limit, String waitingFor, Callable<T> step) {
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      try {
        return step.call();
      } catch (Exception e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Gave up waiting " + limit.toSeconds() + " s for " + waitingFor + ": " + e.getMessage(), e);
        }
        log.info("Waiting for {}: {}", waitingFor, e.toString());
        try {
          Thread.sleep(1000); // back-off while the server starts, not test synchronisation
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(interrupted);
        }
      }
    }
  }
}
