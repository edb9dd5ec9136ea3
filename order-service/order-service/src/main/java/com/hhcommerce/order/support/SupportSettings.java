package com.hhcommerce.order.support;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * The support console and the stuck-saga list.
 *
 * @param stuckAfter         a saga not ended this long after its order was placed is marked stuck: far longer than any
 *                           healthy saga, short enough that support sees a customer's stalled order the same hour
 *                           (HH_SUPPORT_STUCK_AFTER)
 * @param stuckCheckInterval how often sagas are checked for being stuck (HH_SUPPORT_STUCK_CHECK_INTERVAL)
 * @param signInHint         shown on the console's sign-in page; set by the local stack only (HH_SUPPORT_SIGN_IN_HINT)
 * @param traceLink          where the console links an order's trace, {orderId} replaced (HH_SUPPORT_TRACE_LINK), e.g. a
 *                           Zipkin search for the spans tagged with it; blank: no link
 */
@Validated
@ConfigurationProperties("hh.support")
public record SupportSettings(@NotNull Duration stuckAfter, @NotNull Duration stuckCheckInterval, String signInHint,
                              String traceLink) {

  /**
   * How the console page signs in: POST /console/tokens passes email and password on to the identity.
   *
   * @param identityUrl    the identity (customer-wallet-service) that signs support staff in (HH_SECURITY_IDENTITY_URL)
   * @param connectTimeout how long to wait for a connection to the identity
   * @param readTimeout    how long to wait for the identity's answer; then the sign-in is a 503
   */
  @Validated
  @ConfigurationProperties("hh.console.sign-in")
  public record SignIn(@NotNull URI identityUrl, @NotNull Duration connectTimeout, @NotNull Duration readTimeout) {
  }
}
