package com.hhcommerce.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The key set against a real HTTP server standing in for the identity, which the test makes answer, fail or hang. */
class PublishedKeysTest {

  private enum Answer { KEYS, FAIL, HANG }

  private static final RSAKey ACTIVE = key("active");
  private static final RSAKey NEXT = key("next");

  private HttpServer identity;
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.KEYS);
  private final AtomicReference<List<RSAKey>> published = new AtomicReference<>(List.of(ACTIVE));
  private final CountDownLatch released = new CountDownLatch(1);

  @BeforeEach
  void identity() throws IOException {
    identity = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    identity.setExecutor(Executors.newCachedThreadPool());
    identity.createContext("/.well-known/jwks.json", exchange -> {
      fetches.incrementAndGet();
      switch (answer.get()) {
        case HANG -> {
          try {
            released.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        }
        case FAIL -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        }
        case KEYS -> {
          byte[] body = new JWKSet(published.get().stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
              .toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        }
      }
    });
    identity.start();
  }

  @AfterEach
  void stop() {
    released.countDown();
    identity.stop(0);
  }

  private JwtDecoder decoder(Duration refresh, Duration unknownKeyInterval) {
    return decoder(refresh, unknownKeyInterval, Duration.ofMillis(500));
  }

  private JwtDecoder decoder(Duration refresh, Duration unknownKeyInterval, Duration readTimeout) {
    String uri = "http://127.0.0.1:" + identity.getAddress().getPort() + "/.well-known/jwks.json";
    return PublishedKeys.decoder(PublishedKeys.source(uri, Duration.ofMillis(500), readTimeout, refresh, unknownKeyInterval));
  }

  @Test
  void knownKeysAreFetchedOnceForManyTokens() {
    JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofSeconds(30));
    for (int i = 0; i < 50; i++) {
      assertThat(decoder.decode(token(ACTIVE)).getSubject()).isEqualTo("1");
    }
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void tokensNamingUnknownKeysDoNotMakeTheServiceFetchForEach() {
    JwtDecoder decoder = decoder(Duration.ofHours(2), Duration.ofHours(1));
    decoder.decode(token(ACTIVE));
    RSAKey madeUp = key("made-up");
    for (int i = 0; i < 50; i++) {
      // a bad token (401), also once the fetches are spent: not a failure of the key source (500)
      assertThatThrownBy(() -> decoder.decode(token(madeUp))).as("token %d", i).isInstanceOf(BadJwtException.class);
    }
    assertThat(fetches.get()).as("fetches for 1 known and 50 unknown key ids").isLessThanOrEqualTo(3);
    assertThat(decoder.decode(token(ACTIVE)).getSubject()).as("the known key still verifies").isEqualTo("1");
  }

  @Test
  void aRotatedKeyArrivesWithinTheUnknownKeyInterval() {
    JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofMillis(200));
    decoder.decode(token(ACTIVE));
    published.set(List.of(NEXT, ACTIVE));
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> decoder.decode(token(NEXT)).getSubject().equals("1"));
  }

  @Test
  void knownKeysAreKeptWhileTheIdentityFailsOrHangs() {
    JwtDecoder decoder = decoder(Duration.ofSeconds(3), Duration.ofMillis(100));
    decoder.decode(token(ACTIVE));
    for (Answer outage : List.of(Answer.FAIL, Answer.HANG)) {
      answer.set(outage);
      int before = fetches.get();
      // every token verifies while the service keeps trying the unreachable identity (the outage hit live refreshes)
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        assertThat(decoder.decode(token(ACTIVE)).getSubject()).isEqualTo("1");
        return fetches.get() >= before + 2;
      });
    }
  }

  @Test
  void everyTokenSignedWithAKnownKeyVerifiesThroughAnOutageOfManyRefreshes() throws InterruptedException {
    Duration readTimeout = Duration.ofMillis(250);
    JwtDecoder decoder = decoder(PublishedKeys.minimumRefresh(Duration.ofMillis(500), readTimeout), Duration.ofSeconds(1), readTimeout);
    decoder.decode(token(ACTIVE));
    int before = fetches.get();
    answer.set(Answer.HANG);
    int verified = 0;
    // ten refreshes' worth of the identity hanging, a request every 50 ms: a refresh that cannot reach the identity,
    // or is refused by the unknown-key limit, must not cost a token signed with a known key
    while (fetches.get() < before + 10) {
      assertThat(decoder.decode(token(ACTIVE)).getSubject()).as("token %d during the outage", verified).isEqualTo("1");
      verified++;
      Thread.sleep(50); // pacing the requests, not waiting for anything
    }
    RSAKey madeUp = key("made-up");
    assertThatThrownBy(() -> decoder.decode(token(madeUp))).isInstanceOf(BadJwtException.class);
    assertThat(decoder.decode(token(ACTIVE)).getSubject()).isEqualTo("1");
  }

  @Test
  void manyRequestsAtOnceThroughAnOutageOfManyRefreshesNeitherFailNorWaitForTheIdentity() throws Exception {
    Duration readTimeout = Duration.ofMillis(1500);
    JwtDecoder decoder = decoder(PublishedKeys.minimumRefresh(Duration.ofMillis(500), readTimeout), Duration.ofMinutes(1), readTimeout);
    String valid = token(ACTIVE);
    decoder.decode(valid);
    int before = fetches.get();
    answer.set(Answer.HANG);
    AtomicInteger failures = new AtomicInteger();
    AtomicLong slowestNanos = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<?>> running = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      running.add(clients.submit(() -> {
        // three background refreshes, each hanging until its read timeout, while 16 clients keep asking
        while (fetches.get() < before + 3) {
          long started = System.nanoTime();
          try {
            decoder.decode(valid);
          } catch (RuntimeException e) {
            failures.incrementAndGet();
          }
          slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
        }
      }));
    }
    for (Future<?> client : running) {
      client.get(2, TimeUnit.MINUTES);
    }
    clients.shutdown();
    assertThat(failures).as("requests refused with a known key while the identity hung").hasValue(0);
    assertThat(Duration.ofNanos(slowestNanos.get())).as("the slowest request: none waited for the identity's read timeout")
        .isLessThan(readTimeout);
  }

  @Test
  void aRotatedKeyIsAcceptedForEveryRequestNamingItAtOnce() throws Exception {
    JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofSeconds(30));
    decoder.decode(token(ACTIVE));
    published.set(List.of(NEXT, ACTIVE));
    String rotated = token(NEXT);
    ExecutorService clients = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(clients.submit(() -> {
        start.await();
        return decoder.decode(rotated).getSubject();
      }));
    }
    start.countDown();
    for (Future<String> answer : answers) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("1");
    }
    clients.shutdown();
    assertThat(fetches.get()).as("one fetch for the new key, however many asked at once").isEqualTo(2);
  }

  @Test
  void theKeysAreRefreshedInTheBackgroundWithoutARequestAskingForThem() {
    JwtDecoder decoder = decoder(PublishedKeys.minimumRefresh(Duration.ofMillis(500), Duration.ofMillis(500)), Duration.ofMinutes(1));
    decoder.decode(token(ACTIVE));
    published.set(List.of(NEXT, ACTIVE));
    // no request in between: the rotated key is held before a token names it, so its first request fetches nothing
    await().atMost(Duration.ofSeconds(30)).until(() -> fetches.get() >= 3);
    int fetched = fetches.get();
    assertThat(decoder.decode(token(NEXT)).getSubject()).isEqualTo("1");
    assertThat(fetches.get()).as("fetches caused by the first token naming the rotated key").isLessThanOrEqualTo(fetched + 1);
  }

  @Test
  void aCrowdOfMadeUpKeyIdsWhileTheIdentityHangsDoesNotWaitForItsFetch() throws Exception {
    Duration readTimeout = Duration.ofSeconds(5);
    JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofMinutes(1), readTimeout);
    decoder.decode(token(ACTIVE));
    answer.set(Answer.HANG);
    int before = fetches.get();
    List<String> madeUp = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      madeUp.add(token(key("made-up-" + i)));
    }
    ExecutorService clients = Executors.newFixedThreadPool(30);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Duration>> answers = new java.util.ArrayList<>();
    for (String token : madeUp) {
      answers.add(clients.submit(() -> {
        start.await();
        long started = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(token)).as("a made-up key id is a bad token (401)").isInstanceOf(BadJwtException.class);
        return Duration.ofNanos(System.nanoTime() - started);
      }));
    }
    start.countDown();
    int quick = 0;
    for (Future<Duration> answer : answers) {
      if (answer.get(1, TimeUnit.MINUTES).compareTo(readTimeout) < 0) {
        quick++;
      }
    }
    clients.shutdown();
    assertThat(fetches.get() - before).as("fetches for 30 made-up key ids at once").isEqualTo(1);
    assertThat(quick).as("requests answered before the one hanging fetch timed out: all but the one that made it").isGreaterThanOrEqualTo(29);
    assertThat(decoder.decode(token(ACTIVE)).getSubject()).as("the known key still verifies").isEqualTo("1");
  }

  @Test
  void aHangingIdentityCostsARequestItsTimeoutsNotItsThread() {
    answer.set(Answer.HANG);
    JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofSeconds(30));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> decoder.decode(token(ACTIVE))).isInstanceOf(JwtException.class));
    assertThat(fetches.get()).as("the fetch was tried").isGreaterThanOrEqualTo(1);
  }

  private static RSAKey key(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(RSAKey key) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
          new JWTClaimsSet.Builder().subject("1").issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
