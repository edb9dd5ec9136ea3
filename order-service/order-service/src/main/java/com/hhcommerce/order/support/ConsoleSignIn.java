package com.hhcommerce.order.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.web.docs.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The console's sign-in: email and password passed on to the identity's POST /auth/tokens, its answer (the token, or
 * its 401 or 429 problem with Retry-After) passed back as it is, so that the page needs no second origin and the
 * identity alone checks passwords and counts attempts. The client's address goes along as X-Forwarded-For, which the
 * identity reads only where order-service is one of its trusted proxies (HH_SECURITY_TRUSTED_PROXIES); otherwise every
 * console sign-in counts against order-service's own address.
 */
@RestController
class ConsoleSignIn {

  static final String PATH = "/console/tokens";
  /** Far more than a token response; an identity answering more is not one to pass on. */
  private static final int MAX_ANSWER = 64 * 1024;

  private final RestClient identity;
  private final Duration readTimeout;

  ConsoleSignIn(RestClient.Builder http, SupportSettings.SignIn settings) {
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout()).build());
    requests.setReadTimeout(settings.readTimeout());
    this.readTimeout = settings.readTimeout();
    this.identity = http.clone().requestFactory(requests).baseUrl(settings.identityUrl().toString()).build();
  }

  record SignInRequest(@NotBlank @Characters(max = 254) String email, @NotBlank @Characters(max = 200) String password) {
  }

  /** The identity's answer, as documented; the relay passes the identity's bytes, not this. */
  record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                       @JsonProperty("expires_in") long expiresIn) {
  }

  private record Answer(int status, MediaType type, String retryAfter, byte[] body) {
  }

  @Operation(summary = "Sign in to the support console with a support account's email and password",
      description = "Passes the request on to customer-wallet-service's POST /auth/tokens and its answer back unchanged.",
      responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = TokenResponse.class))))
  @Responses(problems = {401, 429, 503})
  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http) {
    Answer answer;
    try {
      answer = identity.post().uri("/auth/tokens")
          .contentType(MediaType.APPLICATION_JSON)
          .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
          .header("X-Forwarded-For", http.getRemoteAddr())
          .body(request)
          .exchange((sent, response) -> new Answer(response.getStatusCode().value(), response.getHeaders().getContentType(),
              response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), response.getBody().readNBytes(MAX_ANSWER)));
    } catch (ResourceAccessException unreachable) {
      throw unavailable("The identity (customer-wallet-service) did not answer: " + unreachable.getMostSpecificCause().getMessage());
    } catch (CancellationException timedOut) {
      // Spring's JDK client cancels the exchange at the read timeout; when the cancel wins the race it surfaces unwrapped
      throw unavailable("The identity (customer-wallet-service) did not answer within " + readTimeout);
    }
    // the identity's own refusals (a wrong password, too many attempts) are the console's; its failures are not answers
    if (answer.status() >= 500 || answer.status() < 200 || answer.status() >= 300 && answer.status() < 400) {
      throw unavailable("The identity (customer-wallet-service) answered " + answer.status());
    }
    ResponseEntity.BodyBuilder passed = ResponseEntity.status(answer.status());
    Optional.ofNullable(answer.type()).ifPresent(passed::contentType);
    Optional.ofNullable(answer.retryAfter()).ifPresent(after -> passed.header(HttpHeaders.RETRY_AFTER, after));
    return passed.body(answer.body());
  }

  private static DomainRefusal unavailable(String detail) {
    return DomainRefusal.unavailable("identity-unavailable", detail + "; try again shortly", Duration.ofSeconds(5));
  }
}
