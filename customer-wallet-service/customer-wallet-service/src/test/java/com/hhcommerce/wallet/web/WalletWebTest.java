package com.hhcommerce.wallet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.platform.messaging.PingHandler;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.eventuate.tram.spring.events.common.TramEventsCommonAutoConfiguration;
import io.eventuate.tram.spring.events.publisher.TramEventsPublisherConfiguration;
import io.eventuate.tram.spring.messaging.common.TramMessagingCommonAutoConfiguration;
import io.eventuate.tram.spring.messaging.producer.jdbc.TramMessageProducerJdbcConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

/**
 * customer-wallet-service over HTTP, on a real MariaDB, its events written to the outbox table and read by no one (no
 * Kafka): what the identity answers a client. Its staff accounts are configured here; sign-ups are limited to 3 a
 * minute per client address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.autoconfigure.exclude=com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration",
    "hh.identity.operator.password=" + WalletWebTest.OPERATOR_PASSWORD,
    "hh.identity.support.password=" + WalletWebTest.SUPPORT_PASSWORD,
    "hh.identity.sign-up.per-address-per-minute=3"})
@Import(WalletWebTest.Outbox.class)
abstract class WalletWebTest {

  static final String OPERATOR_PASSWORD = "operator test password";
  static final String SUPPORT_PASSWORD = "support test password";

  /** Eventuate's event publisher on the outbox table, and the ping handler the command handler takes; no consumer. */
  @TestConfiguration(proxyBeanMethods = false)
  @Import({TramMessagingCommonAutoConfiguration.class, TramEventsCommonAutoConfiguration.class, TramMessageProducerJdbcConfiguration.class,
      TramEventsPublisherConfiguration.class})
  static class Outbox {
    @Bean
    PingHandler pingHandler() {
      return new PingHandler("customer-wallet-service");
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "wallet_web");
  }

  @Autowired
  TestRestTemplate rest;
  @Value("${hh.identity.operator.email}")
  String operatorEmail;
  @Value("${hh.identity.support.email}")
  String supportEmail;

  ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body, String token, Map<String, String> headers) {
    HttpHeaders sent = new HttpHeaders();
    sent.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      sent.setBearerAuth(token);
    }
    headers.forEach(sent::add);
    return rest.exchange(path, method, new HttpEntity<>(body, sent), JsonNode.class);
  }

  ResponseEntity<JsonNode> signUp(Map<String, String> body, String token, Map<String, String> headers) {
    return call(HttpMethod.POST, "/customers", body, token, headers);
  }

  String token(String email, String password) {
    ResponseEntity<JsonNode> signedIn = call(HttpMethod.POST, "/auth/tokens", Map.of("email", email, "password", password), null, Map.of());
    if (signedIn.getStatusCode().value() != 200) {
      throw new AssertionError("sign-in of " + email + ": " + signedIn.getStatusCode() + " " + signedIn.getBody());
    }
    return signedIn.getBody().get("access_token").asText();
  }
}
