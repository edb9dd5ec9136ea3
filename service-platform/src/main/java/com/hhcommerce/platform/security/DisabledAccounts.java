package com.hhcommerce.platform.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts disabled lately, whose tokens this service refuses. An entry is kept for as long as a token issued
 * before the disabling can still be valid (the token lifetime plus the clock skew the expiry check allows, as
 * {@link AccessTokenValidator} bounds both); after that every such token has expired anyway, and a disabled account gets
 * no new ones.
 */
public final class DisabledAccounts implements OAuth2TokenValidator<Jwt> {

  private static final OAuth2Error DISABLED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The account is disabled", null);

  private final Map<String, Instant> disabledAt = new ConcurrentHashMap<>();
  private final Duration remembered;
  private final Clock clock;

  public DisabledAccounts(Duration tokenLifetime, Duration clockSkew, Clock clock) {
    this.remembered = tokenLifetime.plus(clockSkew);
    this.clock = clock;
  }

  /** How far back a service must learn disablings when it starts: tokens of older ones have all expired. */
  public Instant rememberedSince() {
    return clock.instant().minus(remembered);
  }

  public void disabled(String subject, Instant at) {
    disabledAt.merge(subject, at, (earlier, later) -> earlier.isBefore(later) ? earlier : later);
    Instant forgotten = rememberedSince();
    disabledAt.values().removeIf(when -> when.isBefore(forgotten));
  }

  /** A token without a subject names no account; whether it is acceptable is not this check's to judge. */
  public boolean isDisabled(String subject) {
    if (subject == null) {
      return false;
    }
    Instant at = disabledAt.get(subject);
    return at != null && !at.isBefore(rememberedSince());
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    return isDisabled(token.getSubject()) ? OAuth2TokenValidatorResult.failure(DISABLED) : OAuth2TokenValidatorResult.success();
  }
}
