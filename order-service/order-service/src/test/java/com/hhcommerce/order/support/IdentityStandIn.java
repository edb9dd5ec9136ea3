package com.hhcommerce.order.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for the identity's POST /auth/tokens: answers as it is told, remembers what it was
 * asked, or answers nothing until released (an identity that hangs).
 */
final class IdentityStandIn {

  record Request(String method, String path, String contentType, String forwardedFor, String body) {
  }

  private record Answer(int status, String contentType, String retryAfter, String body) {
  }

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Answer answer = new Answer(500, "application/problem+json", null, "{\"status\":500}");
  private volatile Request last;
  private volatile CountDownLatch hanging;

  IdentityStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(int status, String contentType, String retryAfter, String body) {
    answer = new Answer(status, contentType, retryAfter, body);
  }

  /** Answers nothing until {@link #release()}. */
  void hang() {
    hanging = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch latch = hanging;
    hanging = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  Request lastRequest() {
    return last;
  }

  int requests() {
    return requests.get();
  }

  void stop() {
    release();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      last = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("X-Forwarded-For"), body);
      requests.incrementAndGet();
      CountDownLatch latch = hanging;
      if (latch != null) {
        latch.await(1, TimeUnit.MINUTES);
        return;
      }
      Answer now = answer;
      byte[] bytes = now.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", now.contentType());
      if (now.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", now.retryAfter());
      }
      exchange.sendResponseHeaders(now.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
