package com.hhcommerce.platform.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What every service, the identity included, requires of a signed access token: its issuer and audience; an expiry
 * and an issue time (a token without them would be valid for ever); a lifetime (exp - iat) no longer than the one the
 * identity issues, and an issue time not in the future, so that no token outlives the time {@link DisabledAccounts}
 * remembers a disabling; not expired and not before its nbf, give or take the clock skew; and an account not disabled.
 */
public final class AccessTokenValidator implements OAuth2TokenValidator<Jwt> {

  private final OAuth2TokenValidator<Jwt> all;

  public AccessTokenValidator(String issuer, Duration lifetime, Duration clockSkew, Clock clock, DisabledAccounts disabled) {
    JwtTimestampValidator times = new JwtTimestampValidator(clockSkew);
    times.setClock(clock);
    this.all = new DelegatingOAuth2TokenValidator<>(
        new JwtIssuerValidator(issuer),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(AccessTokens.AUDIENCE)),
        new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
        new JwtClaimValidator<Instant>(JwtClaimNames.IAT, Objects::nonNull),
        times,
        token -> issuedWithin(token, lifetime, clockSkew, clock),
        disabled);
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    return all.validate(token);
  }

  private static OAuth2TokenValidatorResult issuedWithin(Jwt token, Duration lifetime, Duration clockSkew, Clock clock) {
    Instant issued = token.getIssuedAt();
    Instant expires = token.getExpiresAt();
    if (issued == null || expires == null) {
      return OAuth2TokenValidatorResult.success(); // refused above, as missing
    }
    if (issued.isAfter(clock.instant().plus(clockSkew))) {
      return failure("The token is issued in the future");
    }
    if (Duration.between(issued, expires).compareTo(lifetime) > 0) {
      return failure("The token's lifetime exceeds " + lifetime);
    }
    return OAuth2TokenValidatorResult.success();
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
  }
}
