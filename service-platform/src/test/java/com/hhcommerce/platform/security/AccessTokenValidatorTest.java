package com.hhcommerce.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every service (the identity too) requires of a token's claims, at 15 minutes' lifetime and 10 s skew. */
class AccessTokenValidatorTest {

  private static final String ISSUER = "urn:hh-commerce:identity";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration LIFETIME = Duration.ofMinutes(15);
  private static final Duration SKEW = Duration.ofSeconds(10);

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final DisabledAccounts disabled = new DisabledAccounts(LIFETIME, SKEW, clock);
  private final AccessTokenValidator validator = new AccessTokenValidator(ISSUER, LIFETIME, SKEW, clock, disabled);

  private static Jwt.Builder token(Instant issuedAt, Instant expiresAt) {
    Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).audience(List.of(AccessTokens.AUDIENCE))
        .subject("7");
    if (issuedAt != null) {
      token.issuedAt(issuedAt);
    }
    if (expiresAt != null) {
      token.expiresAt(expiresAt);
    }
    return token;
  }

  private List<String> errors(Jwt token) {
    return validator.validate(token).getErrors().stream().map(OAuth2Error::getDescription).toList();
  }

  @Test
  void aTokenAsTheIdentityIssuesItIsAccepted() {
    assertThat(errors(token(NOW.minusSeconds(60), NOW.minusSeconds(60).plus(LIFETIME)).build())).isEmpty();
  }

  @Test
  void aTokenWithoutExpiryOrIssueTimeIsRefused() {
    assertThat(errors(token(NOW.minusSeconds(60), null).build())).containsExactly("The exp claim is not valid");
    assertThat(errors(token(null, NOW.plusSeconds(60)).build())).containsExactly("The iat claim is not valid");
  }

  @Test
  void aLifetimeLongerThanTheIdentityIssuesIsRefused() {
    Instant issued = NOW.minusSeconds(60);
    assertThat(errors(token(issued, issued.plus(LIFETIME)).build())).as("exactly the lifetime").isEmpty();
    assertThat(errors(token(issued, issued.plus(LIFETIME).plusSeconds(1)).build())).containsExactly("The token's lifetime exceeds PT15M");
    assertThat(errors(token(issued, issued.plus(Duration.ofDays(365))).build())).containsExactly("The token's lifetime exceeds PT15M");
  }

  @Test
  void aTokenIssuedInTheFutureBeyondTheSkewIsRefused() {
    assertThat(errors(token(NOW.plus(SKEW), NOW.plus(SKEW).plus(LIFETIME)).build())).as("within the skew").isEmpty();
    Instant later = NOW.plus(SKEW).plusSeconds(1);
    assertThat(errors(token(later, later.plus(LIFETIME)).build())).containsExactly("The token is issued in the future");
  }

  @Test
  void anExpiredTokenPassesOnlyWithinTheClockSkew() {
    Instant expired = NOW.minus(SKEW);
    assertThat(errors(token(expired.minus(LIFETIME), expired).build())).as("expired 10 s ago").isEmpty();
    Instant longer = NOW.minus(SKEW).minusSeconds(1);
    assertThat(errors(token(longer.minus(LIFETIME), longer).build())).singleElement().asString().startsWith("Jwt expired at");
  }

  @Test
  void aDisabledAccountsTokenIsRefused() {
    disabled.disabled("7", NOW);
    assertThat(errors(token(NOW.minusSeconds(60), NOW.plusSeconds(60)).build())).containsExactly("The account is disabled");
  }
}
