package com.hhcommerce.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The identity's published keys as a service holds them, so that no request waits on the identity and no caller
 * makes it fetch them (Nimbus's JWKSourceBuilder; Spring Security's own builder fetches without timeouts, lets the
 * keys expire after 15 minutes and fetches again for every token naming an unknown key id):
 * <ul>
 *   <li>each fetch with connect and read timeouts;</li>
 *   <li>kept for {@code refresh} and fetched again in the background before then, not on a request's thread;</li>
 *   <li>kept as long as the identity cannot be reached: keys do not change while it is away;</li>
 *   <li>fetched for an unknown key id (how a rotation arrives) at most twice per {@code unknownKeyInterval}, so a token
 *       with a made-up key id costs a lookup in memory, not a fetch.</li>
 * </ul>
 */
final class PublishedKeys {

  /** A key set is a few KB; a larger answer is not one. */
  private static final int SIZE_LIMIT = 256 * 1024;

  private PublishedKeys() {
  }

  static JWKSource<SecurityContext> source(String keySetUri, Duration connectTimeout, Duration readTimeout, Duration refresh,
                                           Duration unknownKeyInterval) {
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.<SecurityContext>create(URI.create(keySetUri).toURL(),
              new DefaultResourceRetriever((int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), SIZE_LIMIT))
          .cache(refresh.toMillis(), connectTimeout.plus(readTimeout).toMillis())
          .refreshAheadCache(refresh.dividedBy(5).toMillis(), true)
          .rateLimited(unknownKeyInterval.toMillis())
          .outageTolerantForever()
          .retrying(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("hh.security.key-set-uri is not a URL: " + keySetUri, e);
    }
    // a key id not in the set, asked for while the fetches are spent, is a key that does not exist (401), not a
    // failure of the key source (which Spring Security answers with a 500)
    JWKSource<SecurityContext> limited = keys;
    return (selector, context) -> {
      try {
        return limited.get(selector, context);
      } catch (RateLimitReachedException spent) {
        return List.of();
      }
    };
  }

  /** A decoder of RS256 tokens signed with these keys; the claims are the validator's to judge, as with Spring's builder. */
  static NimbusJwtDecoder decoder(JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier((claims, context) -> { });
    return new NimbusJwtDecoder(processor);
  }
}
