package com.hhcommerce.platform.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one HTTP Basic account of a service: the metrics scraper's, configured (never stored in a database) and good
 * for /actuator/prometheus only, since its authority is not a role any other rule grants.
 */
final class MetricsScrapeCredential implements AuthenticationManager {

  static final String AUTHORITY = "METRICS_SCRAPE";

  private final byte[] username;
  private final byte[] password;

  private MetricsScrapeCredential(String username, String password) {
    this.username = username.getBytes(StandardCharsets.UTF_8);
    this.password = password.getBytes(StandardCharsets.UTF_8);
  }

  static Optional<MetricsScrapeCredential> of(ApiSecurityProperties.MetricsScrape settings) {
    return settings.password() == null || settings.password().isBlank() ? Optional.empty()
        : Optional.of(new MetricsScrapeCredential(settings.username(), settings.password()));
  }

  /** Both compared in constant time, so that a timing does not tell how much of a guess was right. */
  @Override
  public Authentication authenticate(Authentication attempt) {
    byte[] name = String.valueOf(attempt.getName()).getBytes(StandardCharsets.UTF_8);
    byte[] secret = String.valueOf(attempt.getCredentials()).getBytes(StandardCharsets.UTF_8);
    boolean nameMatches = MessageDigest.isEqual(name, username);
    if (!(MessageDigest.isEqual(secret, password) & nameMatches)) {
      throw new BadCredentialsException("Wrong metrics scrape credential");
    }
    return UsernamePasswordAuthenticationToken.authenticated(attempt.getName(), null, AuthorityUtils.createAuthorityList(AUTHORITY));
  }
}
