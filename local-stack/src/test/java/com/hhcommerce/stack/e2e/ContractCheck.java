package com.hhcommerce.stack.e2e;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import com.hhcommerce.stack.StackSettings;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Every response the end-to-end tests receive from a service is checked against that service's OpenAPI description
 * (/v3/api-docs, loaded once per service) by swagger-request-validator: a status the operation does not document, a
 * content type it does not declare, a body its schema does not allow (a missing required member, a wrong type, a
 * member it does not name) fails the call. Only responses are judged: the tests send invalid requests on purpose.
 * <p>
 * StackHttp reports to it once {@link #install()} ran (RealStack does); a test with an HttpClient of its own wraps it in
 * {@link #checking(HttpClient)} or calls {@link #verify(HttpResponse)}. A path no description has (actuator, the console
 * page, an unknown path) is not judged, nor is an undocumented method when it is refused (401, 403, 405).
 */
final class ContractCheck {

  private static final Map<Service, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
  private static final AtomicLong CHECKED = new AtomicLong();
  private static final HttpClient DESCRIPTIONS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A method the operation does not have is not this check's business when the service refuses it anyway. */
  private static final Set<Integer> REFUSALS = Set.of(401, 403, 405);
  /** How many instances of a service the tests may run (ScaleOutIT, OrderProgressIT run a second). */
  private static final int MAX_INSTANCES = 10;

  private ContractCheck() {
  }

  static void install() {
    StackHttp.checkEveryResponse(ContractCheck::verify);
  }

  /** How many responses have been checked against a description so far. */
  static long checked() {
    return CHECKED.get();
  }

  /** Throws an AssertionError if the response, from one of the stack's services, is one its description does not allow. */
  static void verify(HttpResponse<String> response) {
    URI uri = response.request().uri();
    Optional<Service> service = serviceAt(uri.getPort());
    if (service.isEmpty()) {
      return;
    }
    List<String> violations = violations(service.get(), uri, response.request().method(), response.statusCode(),
        response.headers().map(), response.body());
    if (!violations.isEmpty()) {
      throw new AssertionError("%s %s answered %d, which %s's OpenAPI description does not allow:%n  %s%n  body: %s".formatted(
          response.request().method(), uri.getRawPath(), response.statusCode(), service.get().serviceName(),
          String.join("\n  ", violations), abbreviated(response.body())));
    }
  }

  /** What the service's description does not allow of this response (empty: all is documented). */
  static List<String> violations(Service service, URI uri, String method, int status, Map<String, List<String>> headers, String body) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    headers.forEach((name, values) -> {
      if (!name.startsWith(":")) {
        response.withHeader(name, values);
      }
    });
    if (body != null && !body.isEmpty()) {
      response.withBody(body);
    }
    ValidationReport report = validator(service, uri).validateResponse(uri.getRawPath(),
        Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
    CHECKED.incrementAndGet();
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .filter(m -> !(m.getKey().equals("validation.request.operation.notAllowed") && REFUSALS.contains(status)))
        .map(m -> m.getKey() + ": " + m.getMessage())
        .collect(Collectors.toList());
  }

  /** A client that checks each response it receives (as text) as StackHttp's are, for a test's own HttpClient. */
  static HttpClient checking(HttpClient client) {
    return new Checking(client);
  }

  private static OpenApiInteractionValidator validator(Service service, URI from) {
    return VALIDATORS.computeIfAbsent(service, s -> {
      String description = description(s, URI.create(from.getScheme() + "://" + from.getAuthority() + "/v3/api-docs"));
      LevelResolver levels = LevelResolver.create()
          .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
          .build();
      return OpenApiInteractionValidator.createForInlineApiSpecification(description).withLevelResolver(levels).build();
    });
  }

  private static String description(Service service, URI url) {
    try {
      HttpResponse<String> response = DESCRIPTIONS.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(service.serviceName() + " serves no OpenAPI description at " + url + ": " + response.statusCode());
      }
      // the validator reads a 3.1 description's schemas without their types: every body would pass
      String version = JSON.readTree(response.body()).path("openapi").asText();
      if (!version.startsWith("3.0")) {
        throw new IllegalStateException(service.serviceName() + "'s description is OpenAPI " + version + "; the check reads 3.0 only");
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The service listening on the port, one of the stack's instances; none for the stand-ins (mail, data platform). */
  private static Optional<Service> serviceAt(int port) {
    if (RealStack.stack() == null) {
      return Optional.empty();
    }
    StackSettings settings = RealStack.stack().settings();
    for (Service service : Service.values()) {
      for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
        if (settings.servicePort(service, instance) == port) {
          return Optional.of(service);
        }
      }
    }
    return Optional.empty();
  }

  private static String abbreviated(String body) {
    return body == null || body.length() <= 1000 ? body : body.substring(0, 1000) + "…";
  }

  /** An HttpClient whose text responses are verified before the caller sees them. */
  private static final class Checking extends HttpClient {
    private final HttpClient client;

    Checking(HttpClient client) {
      this.client = client;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
      return checked(client.send(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return client.sendAsync(request, handler).thenApply(Checking::checked);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
      return client.sendAsync(request, handler, push).thenApply(Checking::checked);
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse<T> checked(HttpResponse<T> response) {
      if (response.body() == null || response.body() instanceof String) {
        verify((HttpResponse<String>) response);
      }
      return response;
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return client.authenticator();
    }

    @Override
    public Version version() {
      return client.version();
    }

    @Override
    public Optional<Executor> executor() {
      return client.executor();
    }
  }
}
