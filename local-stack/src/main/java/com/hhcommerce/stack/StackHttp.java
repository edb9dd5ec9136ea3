package com.hhcommerce.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A small JSON-over-HTTP client for the demo, the end-to-end tests and the benchmark. */
public final class StackHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Sees every response before it is read; the end-to-end tests check each against the service's OpenAPI description. */
  private static volatile Consumer<HttpResponse<String>> responseCheck = response -> { };
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Supplier<String> authorization;

  public StackHttp() {
    this((Supplier<String>) null);
  }

  private StackHttp(Supplier<String> authorization) {
    this.authorization = authorization;
  }

  /**
   * Has every response of every StackHttp in this JVM checked before it is read; a check that fails throws, so the
   * call fails. For the end-to-end tests (ContractCheck); the launcher and the benchmark check nothing.
   */
  public static void checkEveryResponse(Consumer<HttpResponse<String>> check) {
    responseCheck = check;
  }

  /** A client for order-service's support API: the local stack's support account, signed in at its identity. */
  public static StackHttp support() {
    return localSupport();
  }

  /**
   * A client that signs in with the account at the identity (customer-wallet-service's base URL) on its first call and
   * sends the access token as a bearer token, signing in again shortly before the token expires.
   */
  public static StackHttp signedIn(String identityUrl, String email, String password) {
    return new StackHttp(new BearerToken(identityUrl, email, password));
  }

  /** The local stack's operator (LocalStack.OPERATOR_EMAIL). */
  public static StackHttp operator(String identityUrl) {
    return signedIn(identityUrl, LocalStack.OPERATOR_EMAIL, LocalStack.OPERATOR_PASSWORD);
  }

  /** The Authorization header this client sends, e.g. for a client of one's own (an event stream); null for none. */
  public String authorization() {
    return authorization == null ? null : authorization.get();
  }

  private static final class BearerToken implements Supplier<String> {
    private final String identityUrl;
    private final String email;
    private final String password;
    private String token;
    private Instant renewAt = Instant.MIN;

    BearerToken(String identityUrl, String email, String password) {
      this.identityUrl = identityUrl;
      this.email = email;
      this.password = password;
    }

    @Override
    public synchronized String get() {
      if (token == null || Instant.now().isAfter(renewAt)) {
        Response response = new StackHttp().post(identityUrl + "/auth/tokens", Map.of("email", email, "password", password));
        if (response.status() != 200) {
          throw new StackException("Sign-in of " + email + " refused: " + response.status() + " " + response.body());
        }
        token = response.body().get("access_token").asText();
        renewAt = Instant.now().plusSeconds(Math.max(1, response.body().get("expires_in").asLong() - 60));
      }
      return "Bearer " + token;
    }
  }

  /** The local stack's support account, signed in at the identity for a bearer token. */
  public static StackHttp supportSignedIn(String identityUrl) {
    return signedIn(identityUrl, LocalStack.SUPPORT_EMAIL, StackSettings.setting("support-password", LocalStack.SUPPORT_PASSWORD));
  }

  /**
   * The Authorization header of the local stack's support account for a client of one's own: "Bearer <token>", valid
   * for the token's lifetime (15 minutes), so ask again rather than keep it longer.
   */
  public static String supportAuthorization() {
    return localSupport().authorization();
  }

  private static StackHttp localSupport;

  /** One sign-in shared by every caller in this JVM, renewed before it expires (BearerToken). */
  private static synchronized StackHttp localSupport() {
    if (localSupport == null) {
      localSupport = supportSignedIn("http://127.0.0.1:" + StackSettings.fromEnvironment().servicePort(Service.CUSTOMER_WALLET));
    }
    return localSupport;
  }

  public record Response(int status, JsonNode body, Map<String, java.util.List<String>> headers) {

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  public Response get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  public Response post(String url, Object body) {
    return post(url, body, Map.of());
  }

  public Response post(String url, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : toJson(body)));
    headers.forEach(request::header);
    return send(request);
  }

  public Response put(String url, Object body) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : toJson(body))));
  }

  public Response delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Response send(HttpRequest.Builder request) {
    try {
      if (authorization != null) {
        request.header("Authorization", authorization.get());
      }
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      responseCheck.accept(response);
      JsonNode body = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
      return new Response(response.statusCode(), body, response.headers().map());
    } catch (IOException e) {
      throw new StackException("HTTP call failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }
}
