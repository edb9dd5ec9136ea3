package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessTokens;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Signs short-lived access tokens (AccessTokens says what they hold) with the active key. */
public final class TokenIssuer {

  /** A signed token and how long it is valid. */
  public record Issued(String token, Duration validFor) {
  }

  private final SigningKeys keys;
  private final JwtEncoder encoder;
  private final Clock clock;
  private final String issuer;
  private final Duration validFor;

  public TokenIssuer(SigningKeys keys, Clock clock, String issuer, Duration validFor) {
    this.keys = keys;
    this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.active())));
    this.clock = clock;
    this.issuer = issuer;
    this.validFor = validFor;
  }

  public Issued issue(Account account) {
    Instant now = clock.instant();
    JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
        .issuer(issuer)
        .audience(List.of(AccessTokens.AUDIENCE))
        .subject(String.valueOf(account.id()))
        .issuedAt(now)
        .expiresAt(now.plus(validFor))
        .id(UUID.randomUUID().toString())
        .claim(AccessTokens.ROLES, List.of(account.role().name()));
    if (account.role() == Role.CUSTOMER) {
      claims.claim(AccessTokens.CUSTOMER_ID, account.customerId());
    }
    JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.active().getKeyID()).build();
    return new Issued(encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue(), validFor);
  }
}
