package com.hhcommerce.benchmark;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Sends requests at a constant arrival rate, whatever the answers do (open loop): request i is due at
 * start + i / rate and is sent asynchronously at that time. Its latency counts from when it was DUE, so a
 * slow system cannot hide its queueing by slowing the load down (no coordinated omission).
 */
final class OpenLoopLoad {

  /** What one run at one rate measured; latencies of requests due during the warm-up are not counted. */
  record Result(int due, int answered, int accepted, int refused, int failed, Histogram latencyMicros,
                double measuredSeconds, double answeredSpanSeconds, List<Long> acceptedIds) {

    /** Answers per second over the measured requests: from the first one due to the last answer. */
    double answeredPerSecond() {
      return answeredSpanSeconds <= 0 ? 0 : answered / answeredSpanSeconds;
    }

    double acceptedPerSecond() {
      return answeredSpanSeconds <= 0 ? 0 : accepted / answeredSpanSeconds;
    }
  }

  /** Called at the first counted request and after the last one is sent, to read the system's counters there. */
  interface MeasuredWindow {
    MeasuredWindow NONE = new MeasuredWindow() {
    };

    default void opened() {
    }

    default void closed() {
    }

    /** first's readings, then second's, at both ends (what second does at closing is not in first's figures). */
    static MeasuredWindow both(MeasuredWindow first, MeasuredWindow second) {
      return new MeasuredWindow() {
        @Override
        public void opened() {
          first.opened();
          second.opened();
        }

        @Override
        public void closed() {
          first.closed();
          second.closed();
        }
      };
    }
  }

  private final HttpClient client;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread thread = new Thread(r, "bench-http");
    thread.setDaemon(true);
    return thread;
  });

  OpenLoopLoad() {
    this.client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(3)).build();
  }

  /**
   * @param body the JSON body of request i (0-based; warm-up requests come first)
   * @param authorization the Authorization header of request i, or null for none
   * @param idOf the id the system gave an accepted request, read from its answer
   */
  Result run(String url, double rate, Duration warmUp, Duration measured, IntFunction<String> body, IntFunction<String> authorization,
             Function<String, Long> idOf, MeasuredWindow window) throws InterruptedException {
    int warmUpCount = (int) Math.round(rate * warmUp.toMillis() / 1000.0);
    int total = warmUpCount + (int) Math.round(rate * measured.toMillis() / 1000.0);
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<?>[] pending = new CompletableFuture<?>[total];
    long intervalNanos = (long) (1_000_000_000L / rate);
    long start = System.nanoTime() + 50_000_000L;
    long firstCountedDue = start + warmUpCount * intervalNanos;
    AtomicLong lastAnswer = new AtomicLong(firstCountedDue);
    for (int i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      boolean counted = i >= warmUpCount;
      if (i == warmUpCount) {
        window.opened();
      }
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.apply(i)));
      String signedIn = authorization.apply(i);
      if (signedIn != null) {
        builder.header("Authorization", signedIn);
      }
      HttpRequest request = builder.build();
      pending[i] = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        long now = System.nanoTime();
        long micros = (now - due) / 1000;
        if (!counted) {
          return;
        }
        if (error != null) {
          failed.incrementAndGet();
          return;
        }
        answered.incrementAndGet();
        lastAnswer.accumulateAndGet(now, Math::max);
        int status = response.statusCode();
        if (status == 201 || status == 202) {
          accepted.incrementAndGet();
          Long id = idOf.apply(response.body());
          if (id != null) {
            ids.add(id);
          }
        } else if (status >= 400 && status < 500) {
          refused.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        synchronized (latency) {
          latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
        }
      });
    }
    window.closed();
    try {
      CompletableFuture.allOf(pending).get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a request that never answered counts as failed; the figures say so
    }
    return new Result(total - warmUpCount, answered.get(), accepted.get(), refused.get(), failed.get(), latency,
        measured.toMillis() / 1000.0, (lastAnswer.get() - firstCountedDue) / 1e9, List.copyOf(ids));
  }
}
