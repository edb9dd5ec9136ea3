package com.hhcommerce.wallet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Passwords, sign-up limits and disabling a staff account, over HTTP, from a client the service sees as 127.0.0.1. */
class IdentityWebTest extends WalletWebTest {

  @Autowired
  JdbcClient jdbc;

  private static String email() {
    return "kim-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void aPasswordOver72BytesInUtf8IsRefusedNamingItAndNothingIsStored() {
    String operator = token(operatorEmail, OPERATOR_PASSWORD);
    String email = email();
    String hangul73Bytes = "가".repeat(24) + "a"; // 25 characters, 73 bytes: bcrypt would read only 72
    assertThat(hangul73Bytes.getBytes(StandardCharsets.UTF_8)).hasSize(73);

    ResponseEntity<JsonNode> refused = signUp(Map.of("name", "Kim", "email", email, "password", hangul73Bytes), operator, Map.of());

    assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(refused.getBody().get("errors")).singleElement().satisfies(error -> {
      assertThat(error.get("field").asText()).isEqualTo("password");
      assertThat(error.get("message").asText()).isEqualTo("must be at most 72 bytes in UTF-8");
    });
    assertThat(jdbc.sql("SELECT COUNT(*) FROM customer WHERE email = ?").param(email).query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = ?").param(email).query(Long.class).single()).isZero();
  }

  @Test
  void aPasswordOf72BytesSignsUpAndIn() {
    String operator = token(operatorEmail, OPERATOR_PASSWORD);
    String email = email();
    String hangul72Bytes = "가".repeat(24);

    ResponseEntity<JsonNode> created = signUp(Map.of("name", "Kim", "email", email, "password", hangul72Bytes), operator, Map.of());

    assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
    assertThat(token(email, hangul72Bytes)).isNotBlank();
  }

  @Test
  void anonymousSignUpsAreLimitedPerClientAddressWhichAClientCannotChooseButAnOperatorsAreNot() {
    int allowed = 0;
    ResponseEntity<JsonNode> answer;
    // sent from 127.0.0.1, which is no trusted proxy here: the header is ignored, each a new "address"
    while ((answer = signUp(Map.of("name", "Kim", "email", email(), "password", "correct horse battery"), null,
        Map.of("X-Forwarded-For", "203.0.113." + allowed))).getStatusCode().value() == 201 && allowed < 10) {
      allowed++;
    }
    assertThat(allowed).as("the sign-ups allowed (no other test signs up anonymously)").isEqualTo(3);
    assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(429);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("60");
    assertThat(answer.getBody().get("type").asText()).isEqualTo("urn:problem:hh-commerce:too-many-sign-ups");

    String operator = token(operatorEmail, OPERATOR_PASSWORD);
    assertThat(signUp(Map.of("name", "Lee", "email", email(), "password", "correct horse battery"), operator, Map.of())
        .getStatusCode().value()).as("an operator's, from the same address").isEqualTo(201);
  }

  @Test
  void anOperatorDisablesAStaffAccountWhoseTokenTheIdentityThenRefuses() throws Exception {
    String operator = token(operatorEmail, OPERATOR_PASSWORD);
    String support = token(supportEmail, SUPPORT_PASSWORD);
    long supportAccount = Long.parseLong(claims(support).get("sub").asText());
    long customer = signUp(Map.of("name", "Kim"), operator, Map.of()).getBody().get("id").asLong();
    assertThat(call(HttpMethod.GET, "/customers/" + customer, null, support, Map.of()).getStatusCode().value())
        .as("support reads a customer (the precondition)").isEqualTo(200);
    assertThat(call(HttpMethod.DELETE, "/accounts/" + supportAccount, null, support, Map.of()).getStatusCode().value())
        .as("support may not disable accounts").isEqualTo(403);

    assertThat(call(HttpMethod.DELETE, "/accounts/" + supportAccount, null, operator, Map.of()).getStatusCode().value()).isEqualTo(204);

    ResponseEntity<JsonNode> refused = call(HttpMethod.GET, "/customers/" + customer, null, support, Map.of());
    assertThat(refused.getStatusCode().value()).as("at once, without the event coming back from Kafka").isEqualTo(401);
    assertThat(refused.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    assertThat(refused.getBody().get("detail").asText()).contains("The account is disabled");
    assertThat(call(HttpMethod.POST, "/auth/tokens", Map.of("email", supportEmail, "password", SUPPORT_PASSWORD), null, Map.of())
        .getStatusCode().value()).as("signing in again").isEqualTo(401);
    assertThat(call(HttpMethod.DELETE, "/accounts/" + supportAccount, null, operator, Map.of()).getStatusCode().value())
        .as("disabling again").isEqualTo(204);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE destination = 'account-events' AND JSON_VALUE(payload, '$.aggregateId') = ?")
        .param(supportAccount).query(Long.class).single()).as("one AccountDisabled, the event every other service reads").isEqualTo(1);
    ResponseEntity<JsonNode> unknown = call(HttpMethod.DELETE, "/accounts/" + Long.MAX_VALUE, null, operator, Map.of());
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    assertThat(unknown.getBody().get("detail").asText()).isEqualTo("account " + Long.MAX_VALUE + " does not exist");
  }

  private static JsonNode claims(String token) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }
}
