package com.hhcommerce.benchmark;

import com.hhcommerce.stack.StackException;
import com.hhcommerce.stack.StackHttp;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The access tokens of one step's customers, each signed in a fixed lead before its request is due: the measured
 * window's length and a minute. Those due within the lead are signed in before the step starts, the rest in the
 * background at the load's own rate, so the set-up takes as long whatever the warm-up's length, the warm-up's sign-ins
 * are spread evenly over it, and the last one ends a minute before the measured window opens. The lead stays under a
 * token's lifetime (at most ten minutes of fifteen); a longer window would sign in during it, which is counted, as
 * it adds to the window's CPU. A request whose sign-in is behind waits for it (its latency counts from when it was due).
 */
final class SignIns implements OpenLoopLoad.MeasuredWindow, AutoCloseable {

  private static final Duration MARGIN = Duration.ofMinutes(1);
  private static final Duration LONGEST_LEAD = Duration.ofMinutes(10);
  private static final int ATTEMPTS = 3;

  /** One client for every sign-in: a client each held a selector's descriptors until collected, too many at 43/s. */
  private final StackHttp http = new StackHttp();
  private final String url;
  private final List<Long> customers;
  private final double rate;
  private final Duration lead;
  private final List<CompletableFuture<String>> tokens = new ArrayList<>();
  private final ExecutorService signers = Executors.newFixedThreadPool(4, daemon("bench-sign-in"));
  private final ExecutorService pacer = Executors.newSingleThreadExecutor(daemon("bench-sign-in-pacer"));
  private final AtomicInteger inWindow = new AtomicInteger();
  private volatile boolean windowOpen;

  /**
   * Signs in the customers due within the lead and returns; the rest follow in the background, timed from this
   * return, which the step's first request follows.
   *
   * @param customers the customer of each request, in the order the requests are due
   * @param measured the length of the step's measured window, which ends the step
   */
  static SignIns start(String url, List<Long> customers, double rate, Duration measured, PrintStream out) {
    Duration lead = measured.plus(MARGIN).compareTo(LONGEST_LEAD) > 0 ? LONGEST_LEAD : measured.plus(MARGIN);
    SignIns signIns = new SignIns(url, customers, rate, lead);
    long began = System.nanoTime();
    int upFront = (int) Math.min(customers.size(), Math.ceil(rate * lead.toMillis() / 1000.0));
    for (int i = 0; i < customers.size(); i++) {
      signIns.tokens.add(new CompletableFuture<>());
    }
    for (int i = 0; i < upFront; i++) {
      signIns.signInLater(i);
    }
    CompletableFuture.allOf(signIns.tokens.subList(0, upFront).toArray(CompletableFuture[]::new)).join();
    out.printf("Signed %d customers in, in %d s; %d more follow during the step, each %d s before its request%n",
        upFront, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), customers.size() - upFront, lead.toSeconds());
    signIns.pace(upFront);
    return signIns;
  }

  private SignIns(String url, List<Long> customers, double rate, Duration lead) {
    this.url = url;
    this.customers = customers;
    this.rate = rate;
    this.lead = lead;
  }

  /** Request i's Authorization header; waits while its sign-in is still to come. */
  String authorization(int i) {
    return "Bearer " + tokens.get(Math.min(i, tokens.size() - 1)).join();
  }

  /** From now on a sign-in counts as inside the measured window. */
  @Override
  public void opened() {
    windowOpen = true;
  }

  @Override
  public void closed() {
    windowOpen = false;
  }

  /** Sign-ins that ended while the measured window was open: their CPU is in the window's figures. */
  int inWindow() {
    return inWindow.get();
  }

  private void pace(int from) {
    long start = System.nanoTime();
    pacer.execute(() -> {
      for (int i = from; i < customers.size(); i++) {
        long allowed = start + (long) (i / rate * 1e9) - lead.toNanos();
        for (long wait = allowed - System.nanoTime(); wait > 0; wait = allowed - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        signInLater(i);
      }
    });
  }

  private void signInLater(int i) {
    signers.execute(() -> {
      try {
        tokens.get(i).complete(signIn(customers.get(i)));
        if (windowOpen) {
          inWindow.incrementAndGet();
        }
      } catch (RuntimeException e) {
        tokens.get(i).completeExceptionally(e);
      }
    });
  }

  /** One customer's access token; a sign-in that times out or answers 5xx is tried again, so one slow call ends no run. */
  private String signIn(long customerId) {
    for (int attempt = 1; ; attempt++) {
      String failure;
      try {
        StackHttp.Response response = http.post(url, Map.of("email", BenchmarkData.email(customerId), "password", BenchmarkData.PASSWORD));
        if (response.status() == 200) {
          return response.body().get("access_token").asText();
        }
        failure = response.status() + " " + response.body();
        if (response.status() < 500) {
          throw new IllegalStateException("sign-in of customer " + customerId + ": " + failure);
        }
      } catch (StackException e) {
        failure = e.getMessage();
      }
      if (attempt == ATTEMPTS) {
        throw new IllegalStateException("sign-in of customer " + customerId + ", " + ATTEMPTS + " attempts: " + failure);
      }
    }
  }

  @Override
  public void close() {
    pacer.shutdownNow();
    signers.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
