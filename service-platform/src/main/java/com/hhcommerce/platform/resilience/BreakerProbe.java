package com.hhcommerce.platform.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a circuit breaker as soon as its dependency answers a cheap probe (Redis's PING), run every interval on a
 * thread of its own while the breaker is OPEN or HALF_OPEN. Without it only user calls test the dependency: the
 * first ones after the open wait take the few half-open trials, and if the dependency is still away, or the client
 * has not reconnected yet, each failed trial opens the breaker for another full wait.
 */
public class BreakerProbe implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BreakerProbe.class);

  private final CircuitBreaker breaker;
  private final Runnable probe;
  private final Duration every;
  private volatile ScheduledExecutorService scheduler;

  /** probe: throws while the dependency does not answer; it bypasses the breaker, whose state it decides. */
  public BreakerProbe(CircuitBreaker breaker, Runnable probe, Duration every) {
    this.breaker = breaker;
    this.probe = probe;
    this.every = every;
  }

  void probeOnce() {
    if (!isOpenOrHalfOpen()) {
      return;
    }
    try {
      probe.run();
    } catch (RuntimeException e) {
      log.debug("Circuit breaker '{}': the probe got no answer ({})", breaker.getName(), e.toString());
      return;
    }
    if (isOpenOrHalfOpen()) { // a successful half-open trial may have closed it meanwhile
      breaker.transitionToClosedState();
    }
  }

  private boolean isOpenOrHalfOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "breaker-probe-" + breaker.getName());
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::probeOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    scheduler.shutdownNow();
    scheduler = null;
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
