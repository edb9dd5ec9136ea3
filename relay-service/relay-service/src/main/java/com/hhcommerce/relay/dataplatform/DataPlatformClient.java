package com.hhcommerce.relay.dataplatform;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;

/**
 * POSTs one order event, as published, to the data platform, with the event's id as Idempotency-Key: a delivery
 * whose answer was lost (a timeout) and is sent again is the same delivery to the platform. Behind the
 * "data-platform" circuit breaker, with the "data-platform" retry inside its window; connect and read timeouts
 * bound each try. Any answer but a 2xx is a failure.
 */
@Component
@ConditionalOnExpression(DataPlatformClient.CONFIGURED)
@EnableConfigurationProperties(DataPlatformProperties.class)
public class DataPlatformClient {

  /** The relay is on when the platform's URL is set. */
  public static final String CONFIGURED = "'${hh.data-platform.url:}' != ''";
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final String EVENT_TYPE = "X-Event-Type";

  private final RestClient http;
  private final String url;
  private final CircuitBreaker breaker;
  private final Retry retry;

  public DataPlatformClient(DataPlatformProperties settings, CircuitBreakerRegistry breakers, RetryRegistry retries) {
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build());
    requests.setReadTimeout(settings.readTimeout());
    this.http = RestClient.builder().requestFactory(requests).build();
    this.url = settings.url();
    this.breaker = breakers.circuitBreaker("data-platform");
    this.retry = retries.retry("data-platform");
  }

  public String url() {
    return url;
  }

  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /** Returns once the platform answered 2xx; throws otherwise (CallNotPermittedException while the breaker is open). */
  public void deliver(String eventId, String eventType, String payload) {
    Retry.decorateRunnable(retry, CircuitBreaker.decorateRunnable(breaker, () -> http.post().uri(url)
        .contentType(MediaType.APPLICATION_JSON)
        .header(IDEMPOTENCY_KEY, eventId)
        .header(EVENT_TYPE, eventType)
        .body(payload)
        .retrieve()
        .toBodilessEntity())).run();
  }
}
