package com.hhcommerce.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The identity's published keys as a service holds them, so that no request waits on the identity and no caller
 * makes it fetch them (Spring Security's own builder fetches without timeouts, lets the keys expire after 15 minutes
 * and fetches again for every token naming an unknown key id):
 * <ul>
 *   <li>each fetch with connect and read timeouts;</li>
 *   <li>kept for {@code refresh} and fetched again in the background before then, not on a request's thread;</li>
 *   <li>kept as long as the identity cannot be reached: keys do not change while it is away (a failed background
 *       fetch keeps the keys held for another period);</li>
 *   <li>fetched for an unknown key id (how a rotation arrives) at most once per {@code unknownKeyInterval}, by one
 *       request while the others naming it wait a moment for that fetch, so a token with a made-up key id costs a
 *       lookup in memory, not a fetch.</li>
 * </ul>
 * Nimbus's sources are chained by hand rather than with its JWKSourceBuilder, whose rate limit sits under the cache
 * and refuses the cache's own refreshes too, and whose outage tolerance does not answer a refresh the cache forces.
 */
final class PublishedKeys implements JWKSource<SecurityContext> {

  private static final Logger log = LoggerFactory.getLogger(PublishedKeys.class);
  /** A key set is a few KB; a larger answer is not one. */
  private static final int SIZE_LIMIT = 256 * 1024;
  /**
   * How long a request naming an unknown key id waits for another request's fetch: long enough for an identity that
   * answers, short enough that a crowd of made-up key ids does not hold the server's threads while it hangs.
   */
  static final long UNKNOWN_KEY_WAIT_MILLIS = 250;

  private final JWKSetSource<SecurityContext> keys;
  private final long unknownKeyInterval;
  private final ReentrantLock unknownKeyFetch = new ReentrantLock();
  private long nextUnknownKeyFetch = Long.MIN_VALUE;

  private PublishedKeys(JWKSetSource<SecurityContext> keys, Duration unknownKeyInterval) {
    this.keys = keys;
    this.unknownKeyInterval = unknownKeyInterval.toMillis();
  }

  /** Nimbus requires the refresh to leave room for a fetch before the keys expire: {@link #minimumRefresh}. */
  static JWKSource<SecurityContext> source(String keySetUri, Duration connectTimeout, Duration readTimeout, Duration refresh,
                                           Duration unknownKeyInterval) {
    URL url;
    try {
      url = URI.create(keySetUri).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("hh.security.key-set-uri is not a URL: " + keySetUri, e);
    }
    Duration fetch = connectTimeout.plus(readTimeout);
    JWKSetSource<SecurityContext> fetched = new URLBasedJWKSetSource<>(url,
        new DefaultResourceRetriever((int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), SIZE_LIMIT));
    JWKSetSource<SecurityContext> keptThroughOutages = new KeptThroughOutages(new OutageTolerantJWKSetSource<>(fetched, Long.MAX_VALUE,
        event -> log.warn("The identity's key set could not be fetched ({}); the keys held are kept",
            event instanceof OutageTolerantJWKSetSource.OutageEvent<?> outage ? String.valueOf(outage.getException()) : event)));
    // the background fetch starts early enough to time out, with a fetch's time to spare, before the keys expire
    Duration ahead = refresh.dividedBy(5).compareTo(fetch.multipliedBy(2)) > 0 ? refresh.dividedBy(5) : fetch.multipliedBy(2);
    JWKSetSource<SecurityContext> cached = new RefreshAheadCachingJWKSetSource<>(keptThroughOutages, refresh.toMillis(),
        fetch.toMillis(), ahead.toMillis(), true, null);
    return new PublishedKeys(cached, unknownKeyInterval);
  }

  /**
   * The shortest refresh period these timeouts allow: the refresh-ahead (two fetches) and a request's wait for a
   * refresh (one fetch) must fit in it, with a fetch to spare.
   */
  static Duration minimumRefresh(Duration connectTimeout, Duration readTimeout) {
    return connectTimeout.plus(readTimeout).multipliedBy(4);
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    List<JWK> selected = selector.select(held(context));
    if (!selected.isEmpty()) {
      return selected;
    }
    // a key id not in the set: one request fetches (at most once per interval), the others wait for it and look again
    try {
      if (!unknownKeyFetch.tryLock(UNKNOWN_KEY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return List.of();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    try {
      JWKSet held = held(context);
      selected = selector.select(held);
      long now = System.currentTimeMillis();
      if (!selected.isEmpty() || now < nextUnknownKeyFetch) {
        return selected; // fetched by the request before, or a key that does not exist (401)
      }
      nextUnknownKeyFetch = now + unknownKeyInterval;
      return selector.select(keys.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(held), now, context));
    } finally {
      unknownKeyFetch.unlock();
    }
  }

  private JWKSet held(SecurityContext context) throws KeySourceException {
    return keys.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), context);
  }

  /**
   * The keys held answer every fetch that fails, also one the cache forces (its refresh): Nimbus's outage tolerance
   * answers only a caller that does not require fresh keys, and the cache then fails requests at expiry instead.
   */
  private static final class KeptThroughOutages extends JWKSetSourceWrapper<SecurityContext> {

    KeptThroughOutages(JWKSetSource<SecurityContext> outageTolerant) {
      super(outageTolerant);
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context) throws KeySourceException {
      return getSource().getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), currentTime, context);
    }
  }

  /** A decoder of RS256 tokens signed with these keys; the claims are the validator's to judge, as with Spring's builder. */
  static NimbusJwtDecoder decoder(JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier((claims, context) -> { });
    return new NimbusJwtDecoder(processor);
  }
}
