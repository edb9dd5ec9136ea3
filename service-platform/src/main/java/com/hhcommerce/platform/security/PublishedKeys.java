package com.hhcommerce.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity's published keys as a service holds them, so that no request waits on the identity and no caller
 * makes it fetch them (Spring Security's own builder fetches without timeouts, lets the keys expire after 15 minutes
 * and fetches again for every token naming an unknown key id):
 * <ul>
 *   <li>each fetch with connect and read timeouts;</li>
 *   <li>kept for {@code refresh} and fetched again in the background before then, not on a request's thread;</li>
 *   <li>kept as long as the identity cannot be reached: keys do not change while it is away;</li>
 *   <li>fetched for an unknown key id (how a rotation arrives) at most once per {@code unknownKeyInterval}, so a token
 *       with a made-up key id costs a lookup in memory, not a fetch.</li>
 * </ul>
 * Nimbus's sources are chained by hand rather than with its JWKSourceBuilder, whose rate limit sits under the cache:
 * it refuses the cache's own scheduled refreshes too, and a refused refresh fails tokens signed with a known key.
 */
final class PublishedKeys implements JWKSource<SecurityContext> {

  /** A key set is a few KB; a larger answer is not one. */
  private static final int SIZE_LIMIT = 256 * 1024;

  private final JWKSetSource<SecurityContext> keys;
  private final long unknownKeyInterval;
  private final AtomicLong nextUnknownKeyFetch = new AtomicLong(Long.MIN_VALUE);

  private PublishedKeys(JWKSetSource<SecurityContext> keys, Duration unknownKeyInterval) {
    this.keys = keys;
    this.unknownKeyInterval = unknownKeyInterval.toMillis();
  }

  static JWKSource<SecurityContext> source(String keySetUri, Duration connectTimeout, Duration readTimeout, Duration refresh,
                                           Duration unknownKeyInterval) {
    URL url;
    try {
      url = URI.create(keySetUri).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("hh.security.key-set-uri is not a URL: " + keySetUri, e);
    }
    JWKSetSource<SecurityContext> fetched = new URLBasedJWKSetSource<>(url,
        new DefaultResourceRetriever((int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), SIZE_LIMIT));
    JWKSetSource<SecurityContext> keptThroughOutages = new OutageTolerantJWKSetSource<>(fetched, Long.MAX_VALUE, null);
    JWKSetSource<SecurityContext> cached = new RefreshAheadCachingJWKSetSource<>(keptThroughOutages, refresh.toMillis(),
        connectTimeout.plus(readTimeout).toMillis(), refresh.dividedBy(5).toMillis(), true, null);
    return new PublishedKeys(cached, unknownKeyInterval);
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    long now = System.currentTimeMillis();
    JWKSet held = keys.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
    List<JWK> selected = selector.select(held);
    if (!selected.isEmpty() || !unknownKeyFetchAllowed(now)) {
      // a key id not in the set, asked for while the fetch is spent, is a key that does not exist (401)
      return selected;
    }
    return selector.select(keys.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(held), now, context));
  }

  private boolean unknownKeyFetchAllowed(long now) {
    long next = nextUnknownKeyFetch.get();
    return now >= next && nextUnknownKeyFetch.compareAndSet(next, now + unknownKeyInterval);
  }

  /** A decoder of RS256 tokens signed with these keys; the claims are the validator's to judge, as with Spring's builder. */
  static NimbusJwtDecoder decoder(JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier((claims, context) -> { });
    return new NimbusJwtDecoder(processor);
  }
}
