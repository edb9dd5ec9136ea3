package com.hhcommerce.platform.transaction;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;

/**
 * Runs a {@code @Transactional} method again when its transaction lost a lock conflict: InnoDB's deadlock victim
 * (1213) or a lock wait timeout (1205), both rolled back whole by the database. Only the outermost transactional call
 * is retried, since an inner one cannot start its transaction again; the second attempt reads the rows the winner
 * wrote. A conflict that outlasts the attempts reaches the caller as it did (a 503 over HTTP).
 */
public class LockConflictRetry implements MethodInterceptor {

  private static final Logger log = LoggerFactory.getLogger(LockConflictRetry.class);

  private final Retry retry;

  public LockConflictRetry(int maxAttempts, Duration backOff) {
    this.retry = Retry.of("lock-conflict", RetryConfig.custom()
        .maxAttempts(maxAttempts)
        // randomised, so that the two sides of a deadlock do not meet again at the same moment
        .intervalFunction(IntervalFunction.ofRandomized(backOff.toMillis(), 0.5))
        .retryOnException(LockConflictRetry::isLockConflict)
        .build());
    retry.getEventPublisher().onRetry(event -> log.info("Transaction lost a lock conflict, attempt {}: {}",
        event.getNumberOfRetryAttempts(), String.valueOf(event.getLastThrowable())));
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    if (TransactionSynchronizationManager.isActualTransactionActive() || !(invocation instanceof ProxyMethodInvocation proxied)) {
      return invocation.proceed();
    }
    // each attempt runs the rest of the interceptor chain (the transaction's among them) on a fresh copy
    return retry.executeCheckedSupplier(() -> proxied.invocableClone().proceed());
  }

  static boolean isLockConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PessimisticLockingFailureException) {
        return true;
      }
    }
    return false;
  }
}
