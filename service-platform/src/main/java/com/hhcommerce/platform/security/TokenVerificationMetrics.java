package com.hhcommerce.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Counts the service's token verifications and the CPU time they take (signature, claims, disabled accounts), as
 * hh_security_token_verifications_total and hh_security_token_verification_cpu_seconds_total: the benchmark divides
 * their growth by the orders of a step. CPU time of the verifying thread, not wall time, so that waiting for a core
 * does not count. Present only with hh.performance.token-cpu-metrics=true ({@link PerformanceProperties}).
 */
final class TokenVerificationMetrics implements BeanPostProcessor {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ObjectProvider<MeterRegistry> meters;
  private volatile Counter verifications;
  private volatile Counter cpuSeconds;

  TokenVerificationMetrics(ObjectProvider<MeterRegistry> meters) {
    this.meters = meters;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    return bean instanceof JwtDecoder decoder ? (JwtDecoder) token -> measured(decoder, token) : bean;
  }

  private Jwt measured(JwtDecoder decoder, String token) {
    long start = THREADS.getCurrentThreadCpuTime();
    try {
      return decoder.decode(token);
    } finally {
      count(THREADS.getCurrentThreadCpuTime() - start);
    }
  }

  private void count(long cpuNanos) {
    if (verifications == null) {
      MeterRegistry registry = meters.getIfAvailable();
      if (registry == null) {
        return;
      }
      cpuSeconds = Counter.builder("hh.security.token.verification.cpu").baseUnit("seconds")
          .description("CPU time spent verifying access tokens").register(registry);
      verifications = Counter.builder("hh.security.token.verifications").description("Access tokens verified").register(registry);
    }
    verifications.increment();
    cpuSeconds.increment(cpuNanos / 1e9);
  }
}
