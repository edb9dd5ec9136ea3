package com.hhcommerce.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.security.AccessTokens;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.security.AccessTokenValidator;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Access tokens for a service's component tests, signed with a key made for the test run: {@link Verifier} makes the
 * service verify them, {@link #signedIn()} signs a test client's requests.
 */
public final class TestTokens {

  public static final String ISSUER = "urn:hh-commerce:identity";
  private static final RSAKey KEY = key();
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestTokens() {
  }

  /** The service under test verifies tokens with the test key, as it would with the identity's published ones. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Verifier {
    @Bean
    JwtDecoder jwtDecoder(AccessTokenValidator validator) throws JOSEException {
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
      decoder.setJwtValidator(validator);
      return decoder;
    }
  }

  public static String customer(long customerId) {
    return token(Role.CUSTOMER, customerId);
  }

  public static String operator() {
    return token(Role.OPERATOR, null);
  }

  /** A support engineer's token: the subject is the account, as the identity issues it. */
  public static String support(long accountId) {
    return token(Role.SUPPORT, null, String.valueOf(accountId));
  }

  /**
   * Signs each request without an Authorization header: placing an order (POST /orders) as the customer its body
   * names (customer 1 if it names none, or is no JSON), anything else as an operator.
   */
  public static ClientHttpRequestInterceptor signedIn() {
    return (request, body, execution) -> {
      if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
        boolean placesAnOrder = request.getMethod() == HttpMethod.POST && request.getURI().getPath().equals("/orders");
        request.getHeaders().setBearerAuth(placesAnOrder ? customer(customerOf(body)) : operator());
      }
      return execution.execute(request, body);
    };
  }

  private static long customerOf(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json != null && json.path("customerId").canConvertToLong() ? json.get("customerId").asLong() : 1;
    } catch (IOException notJson) {
      return 1;
    }
  }

  private static String token(Role role, Long customerId) {
    return token(role, customerId, role + "-" + customerId);
  }

  /** Valid for the platform's default token lifetime, as the identity issues them: a longer one is refused. */
  private static String token(Role role, Long customerId, String subject) {
    Instant now = Instant.now();
    JwtClaimsSet.Builder claims = JwtClaimsSet.builder().issuer(ISSUER).audience(List.of(AccessTokens.AUDIENCE))
        .subject(subject).issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(15)))
        .claim(AccessTokens.ROLES, List.of(role.name()));
    if (customerId != null) {
      claims.claim(AccessTokens.CUSTOMER_ID, customerId);
    }
    JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(KEY.getKeyID()).build();
    return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY))).encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
  }

  private static RSAKey key() {
    try {
      return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
