package com.hhcommerce.relay.dataplatform;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import com.hhcommerce.relay.RelayTestSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The data platform's relay against a real MariaDB and a real HTTP server (WireMock) that a test makes fail. */
@Import({RelayTestSupport.class, DataPlatformClient.class, PlatformDeliveries.class})
class PlatformDeliveriesTest extends RealDatabaseTest {

  private static final OnRequest onRequest = new OnRequest();
  private static final WireMockServer platform = started();

  private static WireMockServer started() {
    WireMockServer server = new WireMockServer(options().dynamicPort().extensions(onRequest));
    server.start();
    return server;
  }

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    registry.add("hh.data-platform.url", () -> platform.baseUrl() + "/events");
    // a failed delivery is due again after 1 s (doubling), so that a test can run the retry job at once
    registry.add("hh.data-platform.retry-every", () -> "1s");
  }

  @AfterAll
  static void stop() {
    platform.stop();
  }

  @Autowired
  PlatformDeliveries deliveries;
  @Autowired
  CircuitBreakerRegistry breakers;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  ApplicationContext context;

  @BeforeEach
  void platformAccepts() {
    platform.resetAll();
    platform.stubFor(post("/events").willReturn(aResponse().withStatus(202)));
    breakers.circuitBreaker("data-platform").reset();
  }

  /** The precondition of every test here that runs the retry job itself: no schedule runs it meanwhile. */
  @Test
  void noScheduleRunsTheRetryJobBesideTheTest() {
    assertThat(context.getBeanNamesForType(ScheduledAnnotationBeanPostProcessor.class)).isEmpty();
  }

  @Test
  void anEventIsPostedAsPublishedWithItsIdAsIdempotencyKeyOnceWhateverHowOftenItComes() {
    String id = UUID.randomUUID().toString();
    String payload = "{\"eventId\":\"%s\",\"type\":\"OrderConfirmed\",\"aggregateId\":7}".formatted(id);
    deliveries.relay(id, "OrderConfirmed", payload);
    deliveries.relay(id, "OrderConfirmed", payload);

    platform.verify(1, postRequestedFor(urlEqualTo("/events")).withHeader("Idempotency-Key", equalTo(id))
        .withHeader("X-Event-Type", equalTo("OrderConfirmed")).withRequestBody(equalToJson(payload)));
    assertThat(delivered(id)).isTrue();
  }

  @Test
  void aFailedDeliveryIsStoredAndDeliveredByTheRetryJobOnceThePlatformIsBack() {
    platform.stubFor(post("/events").atPriority(1).willReturn(aResponse().withStatus(503)));
    String id = UUID.randomUUID().toString();
    deliveries.relay(id, "OrderRejected", "{\"eventId\":\"%s\"}".formatted(id));
    platform.verify(3, postRequestedFor(urlEqualTo("/events"))); // the retry's three tries
    assertThat(delivered(id)).isFalse();
    assertThat(jdbc.sql("SELECT attempts FROM platform_delivery WHERE event_id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT last_error FROM platform_delivery WHERE event_id = ?").param(id).query(String.class).single()).contains("503");

    platform.resetAll();
    platform.stubFor(post("/events").willReturn(aResponse().withStatus(202)));
    makeDue(id);
    deliveries.retryDue();
    platform.verify(1, postRequestedFor(urlEqualTo("/events")).withHeader("Idempotency-Key", equalTo(id)));
    assertThat(delivered(id)).isTrue();
    deliveries.retryDue();
    platform.verify(1, postRequestedFor(urlEqualTo("/events")));
  }

  @Test
  void withTheBreakerOpenAnEventIsStoredWithoutACallAndDeliveredOnceItCloses() {
    breakers.circuitBreaker("data-platform").transitionToOpenState();
    String id = UUID.randomUUID().toString();
    deliveries.relay(id, "OrderConfirmed", "{\"eventId\":\"%s\"}".formatted(id));
    deliveries.retryDue();
    platform.verify(0, postRequestedFor(urlEqualTo("/events")));
    assertThat(delivered(id)).isFalse();
    assertThat(jdbc.sql("SELECT attempts FROM platform_delivery WHERE event_id = ?").param(id).query(Integer.class).single())
        .as("a refusal by the breaker is not an attempt").isZero();

    breakers.circuitBreaker("data-platform").transitionToClosedState();
    deliveries.retryDue();
    platform.verify(1, postRequestedFor(urlEqualTo("/events")).withHeader("Idempotency-Key", equalTo(id)));
    assertThat(delivered(id)).isTrue();
  }

  /**
   * A due row that another statement holds (another instance's attempt writing its outcome) is skipped, not waited
   * for. The job used to claim with one UPDATE whose scan waited for such a row while holding the due rows it had
   * passed, and a writer that needed one of those (a failed attempt rescheduling its row into them) closed a
   * deadlock, the job its victim: now and then under load. The other writer's transaction is held open here so that
   * the wait, a moment long in production, can be seen.
   */
  @Test
  void theRetryJobSkipsARowAnotherWriterHoldsAndNeitherWaitsNorDeadlocks() throws Exception {
    String free = storedAndDue();
    String held = storedAndDue();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
      jdbc.sql("UPDATE platform_delivery SET attempts = attempts WHERE event_id = ?").param(held).update();
      holding.countDown();
      try {
        letGo.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      jdbc.sql("UPDATE platform_delivery SET next_attempt_at = NOW(3) + INTERVAL 5 SECOND WHERE event_id = ?").param(held).update();
    }));
    CompletableFuture<Void> retry = null;
    try {
      assertThat(holding.await(30, TimeUnit.SECONDS)).as("precondition: the other writer holds its row").isTrue();
      retry = CompletableFuture.runAsync(deliveries::retryDue);
      CompletableFuture<Void> claim = retry;
      await().atMost(Duration.ofSeconds(30)).until(() -> claim.isDone() || lockWaits() > 0);
      assertThat(lockWaits()).as("the retry job waits for no other writer").isZero();
    } finally {
      letGo.countDown();
      writer.exceptionally(failure -> null).get(30, TimeUnit.SECONDS);
    }
    writer.get();
    retry.get(30, TimeUnit.SECONDS);

    assertThat(delivered(free)).isTrue();
    assertThat(delivered(held)).isFalse();
    platform.verify(0, postRequestedFor(urlEqualTo("/events")).withHeader("Idempotency-Key", equalTo(held)));
  }

  /**
   * A run of slow attempts can outlast the lease of the rows it has not reached yet, and another instance may then
   * claim them: a row is attempted only while its lease is still this run's, and renewed just before.
   */
  @Test
  void aRowWhoseLeaseAnotherInstanceTookMeanwhileIsLeftToIt() {
    String first = storedAndDue();
    String second = storedAndDue();
    jdbc.sql("UPDATE platform_delivery SET created_at = NOW(3) + INTERVAL 1 SECOND WHERE event_id = ?").param(second).update();
    platform.stubFor(post("/events").atPriority(1).withHeader("Idempotency-Key", equalTo(first))
        .willReturn(aResponse().withStatus(202).withTransformers(OnRequest.NAME)));
    onRequest.run(() -> jdbc.sql("UPDATE platform_delivery SET claimed_by = 'another-instance', claimed_until = NOW(3) + INTERVAL 60 SECOND"
        + " WHERE event_id = ?").param(second).update());

    deliveries.retryDue();

    assertThat(onRequest.ran()).as("precondition: the other instance took the row while this run attempted the first").isTrue();
    assertThat(delivered(first)).isTrue();
    platform.verify(0, postRequestedFor(urlEqualTo("/events")).withHeader("Idempotency-Key", equalTo(second)));
    assertThat(jdbc.sql("SELECT claimed_by FROM platform_delivery WHERE event_id = ?").param(second).query(String.class).single())
        .isEqualTo("another-instance");
  }

  /** A stored delivery (its first attempt answered 503), due again now. */
  private String storedAndDue() {
    platform.stubFor(post("/events").atPriority(1).willReturn(aResponse().withStatus(503)));
    String id = UUID.randomUUID().toString();
    deliveries.relay(id, "OrderRejected", "{\"eventId\":\"%s\"}".formatted(id));
    makeDue(id);
    platformAccepts();
    return id;
  }

  @Test
  void theBackOffDoublesPerFailedAttemptUpToItsMaximum() {
    assertThat(deliveries.backOff(1)).hasSeconds(1);
    assertThat(deliveries.backOff(2)).hasSeconds(2);
    assertThat(deliveries.backOff(4)).hasSeconds(8);
    assertThat(deliveries.backOff(40)).hasMinutes(5);
  }

  private int lockWaits() {
    return jdbc.sql("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'").query(Integer.class).single();
  }

  /** Runs what a test gave it while the platform answers a stub that names it, once. */
  static final class OnRequest implements ResponseTransformerV2 {

    static final String NAME = "on-request";
    private volatile Runnable action;
    private volatile boolean ran;

    void run(Runnable action) {
      this.action = action;
      this.ran = false;
    }

    boolean ran() {
      return ran;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
      Runnable once = action;
      action = null;
      if (once != null) {
        once.run();
        ran = true;
      }
      return response;
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }
  }

  private void makeDue(String id) {
    jdbc.sql("UPDATE platform_delivery SET next_attempt_at = NOW(3) WHERE event_id = ?").param(id).update();
  }

  private boolean delivered(String id) {
    return jdbc.sql("SELECT delivered_at IS NOT NULL FROM platform_delivery WHERE event_id = ?").param(id).query(Boolean.class).single();
  }
}
