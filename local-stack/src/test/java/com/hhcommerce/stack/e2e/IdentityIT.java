package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing up and in on the real stack: the token, the published key set, and what a wrong or hurried client gets. */
@ExtendWith(RealStack.class)
class IdentityIT {

  private final StackHttp http = new StackHttp();
  private final String wallet = RealStack.url(Service.CUSTOMER_WALLET);

  @Test
  void aCustomerSignsUpAndInForATokenSignedWithAPublishedKey() throws Exception {
    String email = "kim-" + UUID.randomUUID() + "@example.com";
    StackHttp.Response signedUp = http.post(wallet + "/customers", Map.of("name", "Kim", "email", email, "password", "correct horse battery"));
    assertThat(signedUp.status()).as("%s", signedUp.body()).isEqualTo(201);
    assertThat(signedUp.body().has("password")).as("the password never comes back").isFalse();

    StackHttp.Response token = http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "correct horse battery"));

    assertThat(token.status()).as("%s", token.body()).isEqualTo(200);
    assertThat(token.body().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.body().get("expires_in").asLong()).isEqualTo(900);
    JsonNode header = part(token.body().get("access_token").asText(), 0);
    JsonNode claims = part(token.body().get("access_token").asText(), 1);
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(claims.get("customer_id").asLong()).isEqualTo(signedUp.body().get("id").asLong());
    assertThat(claims.get("roles").toString()).isEqualTo("[\"CUSTOMER\"]");
    JsonNode keys = http.get(wallet + "/.well-known/jwks.json").body().get("keys");
    assertThat(keys).anySatisfy(key -> assertThat(key.get("kid").asText()).isEqualTo(header.get("kid").asText()));
    assertThat(keys).allSatisfy(key -> assertThat(key.has("d")).as("no private part published").isFalse());
  }

  @Test
  void theStacksOperatorSignsInWithItsRole() throws Exception {
    StackHttp.Response token = http.post(wallet + "/auth/tokens", Map.of("email", LocalStack.OPERATOR_EMAIL, "password", LocalStack.OPERATOR_PASSWORD));
    assertThat(token.status()).as("%s", token.body()).isEqualTo(200);
    assertThat(part(token.body().get("access_token").asText(), 1).get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
  }

  @Test
  void aPasswordOver72BytesInUtf8IsRefusedAndOneOf72SignsUpAndIn() {
    String email = "park-" + UUID.randomUUID() + "@example.com";
    StackHttp.Response refused = http.post(wallet + "/customers", Map.of("name", "Park", "email", email, "password", "가".repeat(25)));
    assertThat(refused.status()).as("25 Hangul syllables, 75 bytes: %s", refused.body()).isEqualTo(400);
    assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("password");
    assertThat(refused.body().get("errors").get(0).get("message").asText()).contains("72 bytes in UTF-8");
    assertThat(http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "가".repeat(25))).status())
        .as("nothing was stored").isEqualTo(401);

    assertThat(http.post(wallet + "/customers", Map.of("name", "Park", "email", email, "password", "가".repeat(24))).status())
        .as("24 syllables, 72 bytes").isEqualTo(201);
    assertThat(http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "가".repeat(24))).status()).isEqualTo(200);
  }

  @Test
  void rightSignInsDoNotCountAgainstTheAccount() {
    String email = "choi-" + UUID.randomUUID() + "@example.com";
    assertThat(http.post(wallet + "/customers", Map.of("name", "Choi", "email", email, "password", "correct horse battery")).status()).isEqualTo(201);
    for (int i = 0; i < 12; i++) {
      assertThat(http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "correct horse battery")).status())
          .as("right sign-in %d within the minute", i + 1).isEqualTo(200);
    }
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSameProblemAndTheEleventhTryIsHeldOff() {
    String email = "lee-" + UUID.randomUUID() + "@example.com";
    assertThat(http.post(wallet + "/customers", Map.of("name", "Lee", "email", email, "password", "correct horse battery")).status()).isEqualTo(201);

    StackHttp.Response wrong = http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "wrong horse battery"));
    StackHttp.Response unknown = http.post(wallet + "/auth/tokens", Map.of("email", "nobody-" + email, "password", "wrong horse battery"));

    for (StackHttp.Response refused : new StackHttp.Response[] {wrong, unknown}) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(unknown.body().get("detail")).isEqualTo(wrong.body().get("detail"));
    assertThat(unknown.body().get("type")).isEqualTo(wrong.body().get("type"));

    for (int i = 0; i < 9; i++) {
      assertThat(http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "wrong horse battery")).status()).isEqualTo(401);
    }
    StackHttp.Response heldOff = http.post(wallet + "/auth/tokens", Map.of("email", email, "password", "correct horse battery"));
    assertThat(heldOff.status()).as("after ten wrong tries within the minute, even a right one").isEqualTo(429);
    assertThat(heldOff.header("Retry-After")).isEqualTo("60");
  }

  private static JsonNode part(String token, int index) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }
}
