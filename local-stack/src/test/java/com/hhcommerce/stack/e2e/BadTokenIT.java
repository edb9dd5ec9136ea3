package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens a service must refuse, each with 401, a problem detail and WWW-Authenticate, never a 500: none, not a JWT,
 * unsigned (alg none), signed with another key, expired, of another issuer, for another audience. The same token
 * made right (with the stack's signing key) is accepted: the precondition that the others fail for their flaw. And the
 * token of an account closed since it was issued.
 */
@ExtendWith(RealStack.class)
class BadTokenIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Shop shop = new Shop();

  @Test
  void everyFlawedTokenIsRefusedWith401AndAProblem() throws Exception {
    long customer = shop.customerWithPoints(0);
    String cart = RealStack.url(Service.CART) + "/carts/" + customer;
    RSAKey stackKey = stackKey();
    RSAKey otherKey = new RSAKeyGenerator(2048).keyID(stackKey.getKeyID()).generate();
    Instant now = Instant.now();

    assertThat(get(cart, "Bearer " + signed(stackKey, claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce"))).statusCode())
        .as("a right token (the precondition)").isEqualTo(200);

    Map<String, String> flawed = new LinkedHashMap<>();
    flawed.put("none", null);
    flawed.put("not a JWT", "Bearer not.a.jwt");
    flawed.put("alg none", "Bearer " + new PlainJWT(claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce")).serialize());
    flawed.put("another key", "Bearer " + signed(otherKey, claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce")));
    flawed.put("expired", "Bearer " + signed(stackKey, claims(customer, now.minusSeconds(120), "urn:hh-commerce:identity", "hh-commerce")));
    flawed.put("another issuer", "Bearer " + signed(stackKey, claims(customer, now.plusSeconds(300), "https://evil.example", "hh-commerce")));
    flawed.put("another audience", "Bearer " + signed(stackKey, claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "elsewhere")));
    for (Map.Entry<String, String> token : flawed.entrySet()) {
      HttpResponse<String> refused = get(cart, token.getValue());
      assertThat(refused.statusCode()).as(token.getKey()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).as(token.getKey()).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(refused.headers().firstValue("Content-Type")).as(token.getKey()).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(refused.body());
      assertThat(problem.get("status").asInt()).isEqualTo(401);
      assertThat(problem.get("type").asText()).isEqualTo("urn:problem:hh-commerce:unauthorized");
    }
  }

  /**
   * A customer closes their account: every service refuses the token they still hold (signed, unexpired) once it has
   * read the account event, the account signs in no more, and the customer's points and orders stay as they were.
   */
  @Test
  void aClosedAccountsUnexpiredTokenIsRefusedByEveryService() {
    long customer = shop.customerWithPoints(5_000);
    StackHttp own = shop.customer(customer);
    Map<String, String> reads = new LinkedHashMap<>();
    reads.put("customer-wallet-service", RealStack.url(Service.CUSTOMER_WALLET) + "/customers/" + customer);
    reads.put("cart-service", RealStack.url(Service.CART) + "/carts/" + customer);
    reads.put("order-service", RealStack.url(Service.ORDER) + "/orders?customerId=" + customer);
    reads.put("coupon-service", RealStack.url(Service.COUPON) + "/customers/" + customer + "/coupons");
    reads.put("inventory-service (an open endpoint)", RealStack.url(Service.INVENTORY) + "/products");
    reads.put("ranking-service (an open endpoint)", RealStack.url(Service.RANKING) + "/rankings/products");
    reads.forEach((service, url) -> assertThat(own.get(url).status()).as("%s before the closing (the precondition)", service).isEqualTo(200));
    String email = RealStack.operator().get(reads.get("customer-wallet-service")).body().get("email").asText();

    assertThat(own.delete(RealStack.url(Service.CUSTOMER_WALLET) + "/customers/" + customer + "/account").status()).isEqualTo(204);

    reads.forEach((service, url) -> await(service).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      StackHttp.Response refused = own.get(url);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
      assertThat(refused.body().get("detail").asText()).contains("The account is disabled");
    }));
    assertThat(new StackHttp().post(RealStack.url(Service.CUSTOMER_WALLET) + "/auth/tokens", Map.of("email", email, "password", Shop.PASSWORD))
        .status()).as("signing in again").isEqualTo(401);
    StackHttp.Response kept = RealStack.operator().get(reads.get("customer-wallet-service"));
    assertThat(kept.status()).isEqualTo(200);
    assertThat(kept.body().get("pointBalance").asLong()).as("the points stay").isEqualTo(5_000);
    assertThat(RealStack.operator().delete(RealStack.url(Service.CUSTOMER_WALLET) + "/customers/" + customer + "/account").status())
        .as("closing again").isEqualTo(204);
  }

  /** The local stack's signing key (a PKCS#8 PEM file), with the key id the identity gives it (its thumbprint). */
  private static RSAKey stackKey() throws Exception {
    String pem = Files.readString(RealStack.stack().settings().signingKey());
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(
        Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
    RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
    return new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
  }

  private static JWTClaimsSet claims(long customer, Instant expires, String issuer, String audience) {
    return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("1").issueTime(Date.from(expires.minus(Duration.ofMinutes(15))))
        .expirationTime(Date.from(expires)).claim("roles", List.of("CUSTOMER")).claim("customer_id", customer).build();
  }

  private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
