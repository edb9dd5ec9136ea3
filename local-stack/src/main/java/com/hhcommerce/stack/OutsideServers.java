package com.hhcommerce.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two servers outside the shop that relay-service talks to, each from a Maven jar the build copies into
 * local-stack/target/servers: a mail server (GreenMail: SMTP in, every mail readable through its REST API) and a
 * stand-in for the external data platform (WireMock: accepts every POST /events and records it; a test makes it
 * fail or slow through its admin API). Both run as ordinary processes, so a test can kill or freeze them. Beside
 * them the tracing server the services report their spans to (Zipkin, in memory: a trace per order, kept while it runs).
 */
public final class OutsideServers {

  public static final String MAIL = "mail";
  public static final String DATA_PLATFORM = "data-platform";
  public static final String ZIPKIN = "zipkin";
  /** The path the stand-in accepts events on. */
  public static final String EVENTS_PATH = "/events";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private OutsideServers() {
  }

  static ManagedProcess mail(StackSettings settings) {
    Path jar = serverJar(settings, "greenmail-standalone.jar");
    int smtp = settings.mailPort();
    int api = settings.mailApiPort();
    List<String> command = Jvm.command("-Xmx96m",
        "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtp,
        // no accounts: every recipient gets a mailbox on the first mail to it
        "-Dgreenmail.auth.disabled",
        "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + api,
        "-jar", jar.toString());
    return new ManagedProcess(MAIL, command, Map.of(), settings.logs().resolve("mail.log"), smtp,
        () -> Ports.accepts(smtp) && answers("http://127.0.0.1:" + api + "/api/service/readiness"));
  }

  static ManagedProcess dataPlatform(StackSettings settings) {
    Path jar = serverJar(settings, "wiremock-standalone.jar");
    Path root = settings.home().resolve("data-platform");
    int port = settings.dataPlatformPort();
    try {
      Files.createDirectories(root.resolve("mappings"));
      Files.writeString(root.resolve("mappings/accept-events.json"), """
          {"request": {"method": "POST", "urlPath": "%s"}, "response": {"status": 202}, "priority": 10}
          """.formatted(EVENTS_PATH));
    } catch (IOException e) {
      throw new StackException("Cannot write the data platform's stubs into " + root, e);
    }
    // WireMock counts its whole journal on every request once a cap is set: at 40,000 entries a request cost 7 ms of
    // CPU, at a 10,000 cap 1 ms; the tests read only the events of their own recent orders
    List<String> command = Jvm.command("-Xmx128m", "-jar", jar.toString(),
        "--bind-address", "127.0.0.1", "--port", String.valueOf(port), "--root-dir", root.toString(),
        "--max-request-journal-entries", "10000", "--disable-banner", "--async-response-enabled", "true");
    return new ManagedProcess(DATA_PLATFORM, command, Map.of(), settings.logs().resolve("data-platform.log"), port,
        () -> answers("http://127.0.0.1:" + port + "/__admin/health"));
  }

  static ManagedProcess zipkin(StackSettings settings) {
    Path jar = serverJar(settings, "zipkin-server.jar");
    int port = settings.zipkinPort();
    List<String> command = Jvm.command("-Xmx256m", "-jar", jar.toString());
    // in-memory storage, at most this many spans (the oldest traces go first)
    return new ManagedProcess(ZIPKIN, command, Map.of("QUERY_PORT", String.valueOf(port), "STORAGE_TYPE", "mem",
        "MEM_MAX_SPANS", "50000", "COLLECTOR_ACTIVEMQ_ENABLED", "false", "COLLECTOR_KAFKA_ENABLED", "false",
        "COLLECTOR_RABBITMQ_ENABLED", "false"), settings.logs().resolve("zipkin.log"), port,
        () -> answers("http://127.0.0.1:" + port + "/health"));
  }

  private static Path serverJar(StackSettings settings, String name) {
    Path jar = settings.repository().resolve("local-stack/target/servers").resolve(name);
    if (!Files.isRegularFile(jar)) {
      throw new StackException("Missing " + jar + ": build first with ./mvnw -q install -DskipTests");
    }
    return jar;
  }

  /** The URL answers 200 to a GET within 2 s. */
  public static boolean answers(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
