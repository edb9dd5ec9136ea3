package com.hhcommerce.platform.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The access tokens every service verifies (hh.security.*), against the identity's published key set
 * (customer-wallet-service, which issues them with the same issuer and lifetime). The values, each with its environment
 * variable (HH_SECURITY_KEY_SET_URI, ...), are in hh-platform.properties.
 *
 * @param keySetUri the identity's published key set (JWKS)
 * @param keySet how that key set is fetched and kept (PublishedKeys)
 * @param issuer the iss claim the identity writes and every service requires
 * @param tokenLifetime how long a token lives at most: the identity issues them for this long, and every service
 * remembers a disabled account (AccountDisabled on the account-events topic) this long, after which all of its tokens
 * have expired anyway
 * @param clockSkew how far the identity's clock and a service's may disagree when a token's exp, nbf and iat are
 * checked (Spring Security's default is 60 s). Hosts kept in time by NTP differ by milliseconds; 10 s tolerates a slow
 * one while an expired or closed account's token lives only 10 s past its time
 * @param metricsScrape the credential a metrics scraper uses for /actuator/prometheus only
 */
@Validated
@ConfigurationProperties("hh.security")
public record ApiSecurityProperties(@NotBlank String keySetUri, @Valid @NotNull KeySet keySet, @NotBlank String issuer,
                                    @NotNull @DurationMin(millis = 1) Duration tokenLifetime, @NotNull Duration clockSkew,
                                    @Valid @NotNull @DefaultValue MetricsScrape metricsScrape) {

  /**
   * HTTP Basic for /actuator/prometheus, so that Prometheus needs no token that expires (MetricsScrapeCredential).
   *
   * @param username the scraper's user name
   * @param password its password; blank: no scrape credential, the metrics are an operator's only
   */
  public record MetricsScrape(@NotBlank @DefaultValue("prometheus") String username, String password) {
  }

  /**
   * Each fetch of the key set is bounded by the timeouts; the set is kept for the refresh period, fetched again in the
   * background before then, and kept while the identity is unreachable. A token naming a key id the set lacks (a
   * rotation) makes a fetch, at most once per unknown-key interval however many tokens name one.
   *
   * @param connectTimeout the longest wait to connect to the identity
   * @param readTimeout the longest wait for the key set once connected
   * @param refresh how long a fetched key set is kept
   * @param unknownKeyInterval the interval in which a key id not in the set causes at most one fetch
   */
  public record KeySet(@NotNull @DurationMin(millis = 1) Duration connectTimeout, @NotNull @DurationMin(millis = 1) Duration readTimeout,
                       @NotNull @DurationMin(millis = 1) Duration refresh, @NotNull @DurationMin(millis = 1) Duration unknownKeyInterval) {

    /** Room for a background fetch to time out before the keys expire (the key source refuses to be built otherwise). */
    @AssertTrue(message = "must be at least four times hh.security.key-set.connect-timeout plus read-timeout")
    public boolean isRefresh() {
      return refresh == null || connectTimeout == null || readTimeout == null
          || refresh.compareTo(PublishedKeys.minimumRefresh(connectTimeout, readTimeout)) >= 0;
    }
  }
}
