package com.hhcommerce.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Measurements that cost time on every request, for the benchmark only (hh.performance.*). Each is off unless switched
 * on (the value, with its environment variable, is in hh-platform.properties).
 *
 * @param tokenCpuMetrics count each access token verification and the CPU time it takes (TokenVerificationMetrics);
 * off, verifications are not wrapped at all
 */
@ConfigurationProperties(PerformanceProperties.PREFIX)
public record PerformanceProperties(boolean tokenCpuMetrics) {

  static final String PREFIX = "hh.performance";
}
