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
 * unsigned (alg none), signed with another key, expired, of another issuer, for another audience, without expiry or
 * issue time, valid for longer than the identity issues tokens; at a service and at the identity alike. The same token
 * made right (with the stack's signing key) is accepted: the precondition that the others fail for their flaw. And the
 * token of an account closed or disabled since it was issued; a retired key's token at an identity after a rotation; a
 * disabled staff account's token.
 */
@ExtendWith(RealStack.class)
class BadTokenIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = ContractCheck.checking(HttpClient.newHttpClient());
  private final Shop shop = new Shop();

  @Test
  void everyFlawedTokenIsRefusedWith401AndAProblem() throws Exception {
    long customer = shop.customerWithPoints(0);
    RSAKey stackKey = stackKey();
    RSAKey otherKey = new RSAKeyGenerator(2048).keyID(stackKey.getKeyID()).generate();
    Instant now = Instant.now();
    // the identity verifies tokens itself, with its own keys: it must refuse exactly what the other services refuse
    Map<String, String> reads = Map.of(
        "cart-service", RealStack.url(Service.CART) + "/carts/" + customer,
        "customer-wallet-service", RealStack.url(Service.CUSTOMER_WALLET) + "/customers/" + customer);

    Map<String, String> flawed = new LinkedHashMap<>();
    flawed.put("none", null);
    flawed.put("not a JWT", "Bearer not.a.jwt");
    flawed.put("alg none", "Bearer " + new PlainJWT(claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce")).serialize());
    flawed.put("another key", "Bearer " + signed(otherKey, claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce")));
    flawed.put("expired", "Bearer " + signed(stackKey, claims(customer, now.minusSeconds(120), "urn:hh-commerce:identity", "hh-commerce")));
    flawed.put("another issuer", "Bearer " + signed(stackKey, claims(customer, now.plusSeconds(300), "https://evil.example", "hh-commerce")));
    flawed.put("another audience", "Bearer " + signed(stackKey, claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "elsewhere")));
    JWTClaimsSet right = claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce");
    flawed.put("no expiry", "Bearer " + signed(stackKey, new JWTClaimsSet.Builder(right).expirationTime(null).build()));
    flawed.put("no issue time", "Bearer " + signed(stackKey, new JWTClaimsSet.Builder(right).issueTime(null).build()));
    flawed.put("a lifetime over 15 minutes", "Bearer " + signed(stackKey, new JWTClaimsSet.Builder(right)
        .issueTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plus(Duration.ofDays(30)))).build()));
    // a key id the key set does not have, sent again and again: each a 401, also once the service stops fetching the
    // key set for unknown ids (at most once per 30 s)
    RSAKey unknownKey = new RSAKeyGenerator(2048).keyID("no-such-key").generate();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> refused = get(RealStack.url(Service.INVENTORY) + "/products",
          "Bearer " + signed(unknownKey, claims(customer, now.plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce")));
      assertThat(refused.statusCode()).as("unknown key id, try %d", i).isEqualTo(401);
    }
    for (Map.Entry<String, String> read : reads.entrySet()) {
      String service = read.getKey();
      assertThat(get(read.getValue(), "Bearer " + signed(stackKey, right)).statusCode()).as("%s: a right token (the precondition)", service)
          .isEqualTo(200);
      for (Map.Entry<String, String> token : flawed.entrySet()) {
        String what = service + ": " + token.getKey();
        HttpResponse<String> refused = get(read.getValue(), token.getValue());
        assertThat(refused.statusCode()).as(what).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(refused.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("status").asInt()).as(what).isEqualTo(401);
        assertThat(problem.get("type").asText()).as(what).isEqualTo("urn:problem:hh-commerce:unauthorized");
      }
    }
  }

  /**
   * An operator disables an account by its id (the subject of its tokens; for a staff account, whose tokens name no
   * customer, the only way): the identity refuses its token at once, every other service once it has read the same
   * AccountDisabled event as for a closed customer. A customer's account here: the stack's staff accounts serve the
   * other tests.
   */
  @Test
  void anAccountDisabledByItsIdIsRefusedByEveryService() throws Exception {
    long customer = shop.customerWithPoints(0);
    StackHttp own = shop.customer(customer);
    String wallet = RealStack.url(Service.CUSTOMER_WALLET);
    String cart = RealStack.url(Service.CART) + "/carts/" + customer;
    assertThat(own.get(cart).status()).as("the precondition").isEqualTo(200);
    long account = JSON.readTree(Base64.getUrlDecoder().decode(own.authorization().substring("Bearer ".length()).split("\\.")[1]))
        .get("sub").asLong();
    assertThat(own.delete(wallet + "/accounts/" + account).status()).as("a customer may not").isEqualTo(403);
    assertThat(RealStack.operator().delete(wallet + "/accounts/" + Long.MAX_VALUE).status()).as("no such account").isEqualTo(404);

    assertThat(RealStack.operator().delete(wallet + "/accounts/" + account).status()).isEqualTo(204);

    assertThat(own.get(wallet + "/customers/" + customer).status()).as("the identity, from its own table").isEqualTo(401);
    await("cart-service").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      StackHttp.Response refused = own.get(cart);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body().get("detail").asText()).contains("The account is disabled");
    });
    assertThat(RealStack.operator().delete(wallet + "/accounts/" + account).status()).as("disabling again").isEqualTo(204);
  }

  /**
   * A second identity instance after a rotation: the stack's key signs, an older key is retired, and a staff account
   * of its own comes from its configuration. It accepts the retired key's unexpired token (which the stack's identity,
   * not knowing that key, refuses); and once an operator disables that staff account, the identity refuses the staff
   * member's token at once and every other service as soon as it has read the event.
   */
  @Test
  void anIdentityAcceptsARetiredKeysTokensAndADisabledStaffAccountIsRefusedEverywhere() throws Exception {
    long customer = shop.customerWithPoints(0);
    RSAKey retired = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    java.nio.file.Path retiredFile = Files.createTempFile("retired-key", ".pem");
    Files.writeString(retiredFile, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(retired.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    String staffEmail = "operator-" + java.util.UUID.randomUUID() + "@hh-commerce.local";
    int port = RealStack.stack().settings().servicePort(Service.CUSTOMER_WALLET) + 100;
    com.hhcommerce.stack.ManagedProcess rotated = RealStack.stack().startExtraInstance(Service.CUSTOMER_WALLET, "customer-wallet-service-rotated",
        port, 62, Map.of("HH_IDENTITY_RETIRED_KEYS", retiredFile.toString(),
            "HH_IDENTITY_OPERATOR_EMAIL", staffEmail, "HH_IDENTITY_OPERATOR_PASSWORD", "a second operator's password"));
    try {
      String rotatedIdentity = "http://127.0.0.1:" + port;
      String byRetiredKey = "Bearer " + signed(retired, claims(customer, Instant.now().plusSeconds(300), "urn:hh-commerce:identity", "hh-commerce"));
      assertThat(get(RealStack.url(Service.CUSTOMER_WALLET) + "/customers/" + customer, byRetiredKey).statusCode())
          .as("the stack's identity does not know the key (the precondition)").isEqualTo(401);
      assertThat(get(rotatedIdentity + "/customers/" + customer, byRetiredKey).statusCode()).as("a retired key's token").isEqualTo(200);

      StackHttp.Response signedIn = new StackHttp().post(rotatedIdentity + "/auth/tokens",
          Map.of("email", staffEmail, "password", "a second operator's password"));
      assertThat(signedIn.status()).as("the staff account the configuration names").isEqualTo(200);
      String staff = "Bearer " + signedIn.body().get("access_token").asText();
      String cart = RealStack.url(Service.CART) + "/carts/" + customer;
      assertThat(get(cart, staff).statusCode()).as("the staff member reads a cart (the precondition)").isEqualTo(200);
      long account = JSON.readTree(Base64.getUrlDecoder().decode(staff.substring("Bearer ".length()).split("\\.")[1])).get("sub").asLong();

      assertThat(RealStack.operator().delete(RealStack.url(Service.CUSTOMER_WALLET) + "/accounts/" + account).status()).isEqualTo(204);

      assertThat(get(RealStack.url(Service.CUSTOMER_WALLET) + "/customers/" + customer, staff).statusCode()).as("the identity").isEqualTo(401);
      await("cart-service").atMost(Duration.ofSeconds(30)).until(() -> get(cart, staff).statusCode() == 401);
      assertThat(new StackHttp().post(rotatedIdentity + "/auth/tokens", Map.of("email", staffEmail, "password", "a second operator's password"))
          .status()).as("signing in again").isEqualTo(401);
    } finally {
      rotated.stop(Duration.ofSeconds(15));
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
