package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client over the JDK's HTTP client: the events as they arrive, and whether the server ended the stream. */
final class EventStream implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event: its id (null when it has none), its name and its data as JSON. */
  record Event(String id, String name, JsonNode data) {
  }

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private EventStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Signed in as the stack's operator unless the headers say otherwise. */
  static EventStream open(String url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    if (!headers.containsKey("Authorization")) {
      request.header("Authorization", RealStack.operator().authorization());
    }
    headers.forEach(request::header);
    try {
      return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The next event, waiting for it at most this long. */
  Event next(Duration atMost) throws InterruptedException {
    Event event = events.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + atMost);
    }
    return event;
  }

  /** Every event until the server ends the stream, which it must within this long. */
  List<Event> untilEnd(Duration atMost) throws InterruptedException {
    if (!ended.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the server did not end the stream within " + atMost + "; received " + events);
    }
    List<Event> rest = new ArrayList<>();
    events.drainTo(rest);
    return rest;
  }

  private void read() {
    String id = null;
    String name = "message";
    StringBuilder data = new StringBuilder();
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(id, name, JSON.readTree(data.toString())));
          }
          id = null;
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // the connection went away: the stream ended all the same
    } finally {
      ended.countDown();
    }
  }

  @Override
  public void close() {
    response.body().close();
  }
}
