package com.hhcommerce.order.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.parking.ParkedMessages;
import com.hhcommerce.platform.web.docs.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The console's view of every service's parked messages: each service's GET /parked-messages and POST
 * /parked-messages/{id}/redrive asked with the support user's own token, so that each service checks the role and its
 * audit names the person. Under /support/**: a support account's, as the rest of the console's API.
 */
@RestController
class ConsolePageParkedMessages {

  private static final int MAX_ANSWER = 4 * 1024 * 1024;

  private final Map<String, URI> services;
  private final RestClient http;
  private final ObjectMapper json;
  /** A service of another version may say more of a message than this one reads. */
  private final ObjectReader parked;

  ConsolePageParkedMessages(RestClient.Builder http, ConsoleServices settings, ObjectMapper json) {
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout()).build());
    requests.setReadTimeout(settings.readTimeout());
    this.http = http.clone().requestFactory(requests).build();
    this.services = settings.byName();
    this.json = json;
    this.parked = json.readerFor(ParkedMessages.ParkedMessage.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** One service's first page of parked messages (newest first), or why it could not be read. */
  record ServiceParkedMessages(String service, List<ParkedMessages.ParkedMessage> items, boolean hasMore, String error) {
  }

  private record Answer(int status, MediaType type, byte[] body) {
  }

  @Operation(summary = "Every service's parked messages (the newest 100 of each), asked with the caller's token",
      description = "A service that does not answer is listed with an error instead of its messages.")
  @Responses(problems = {401, 403})
  @GetMapping("/support/parked-messages")
  List<ServiceParkedMessages> parkedMessages(@AuthenticationPrincipal Jwt token) {
    String authorization = "Bearer " + token.getTokenValue();
    List<ServiceParkedMessages> all = new ArrayList<>();
    services.forEach((service, url) -> {
      try {
        Answer answer = send("GET", url.resolve("/parked-messages?page=0&size=100"), authorization);
        if (answer.status() != 200) {
          all.add(new ServiceParkedMessages(service, List.of(), false, "answered " + answer.status()));
          return;
        }
        JsonNode page = json.readTree(answer.body());
        List<ParkedMessages.ParkedMessage> items = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
          items.add(parked.readValue(item));
        }
        all.add(new ServiceParkedMessages(service, items, page.path("hasMore").asBoolean(), null));
      } catch (RestClientException | CancellationException | IOException e) {
        all.add(new ServiceParkedMessages(service, List.of(), false, "did not answer: " + e.getMessage()));
      }
    });
    return all;
  }

  @Operation(summary = "Re-drive a service's parked message: passed on to that service's POST /parked-messages/{id}/redrive",
      description = "The service's answer comes back as it is: the re-driven message, 404 for no such message, 409 when it "
          + "was re-driven and not parked again since.",
      responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(type = "object"))))
  @Responses(problems = {401, 403, 404, 409, 503})
  @PostMapping("/support/parked-messages/{service}/{id}/redrive")
  ResponseEntity<byte[]> redrive(@PathVariable @Size(max = 64) String service, @PathVariable long id,
                                 @AuthenticationPrincipal Jwt token) {
    String authorization = "Bearer " + token.getTokenValue();
    URI url = Optional.ofNullable(services.get(service)).orElseThrow(() -> DomainRefusal.unknown("service", service));
    Answer answer;
    try {
      answer = send("POST", url.resolve("/parked-messages/" + id + "/redrive"), authorization);
    } catch (RestClientException | CancellationException e) {
      throw DomainRefusal.unavailable("service-unavailable", service + " did not answer; try again shortly", Duration.ofSeconds(5));
    }
    if (answer.status() >= 500) {
      throw DomainRefusal.unavailable("service-unavailable", service + " answered " + answer.status() + "; try again shortly",
          Duration.ofSeconds(5));
    }
    ResponseEntity.BodyBuilder passed = ResponseEntity.status(answer.status());
    Optional.ofNullable(answer.type()).ifPresent(passed::contentType);
    return passed.body(answer.body());
  }

  private Answer send(String method, URI url, String authorization) {
    return http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(url)
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
        .exchange((sent, response) -> new Answer(response.getStatusCode().value(), response.getHeaders().getContentType(),
            response.getBody().readNBytes(MAX_ANSWER)));
  }
}
