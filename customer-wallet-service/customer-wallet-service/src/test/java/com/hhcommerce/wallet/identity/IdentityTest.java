package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import com.hhcommerce.platform.testing.RealOutbox;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.domain.Wallets;
import com.hhcommerce.wallet.messaging.CustomerEventPublisher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sign-up, sign-in and the tokens, against a real MariaDB. */
@Import({Accounts.class, Registration.class, AccountClosing.class, Wallets.class, CustomerEventPublisher.class, RealOutbox.class,
    IdentityConfiguration.class})
class IdentityTest extends RealDatabaseTest {

  @Autowired
  Registration registration;
  @Autowired
  SignIn signIn;
  @Autowired
  Accounts accounts;
  @Autowired
  AccountClosing closing;
  @Autowired
  SigningKeys keys;
  @Autowired
  JdbcClient jdbc;

  private static String email() {
    return "kim-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void aCustomerWhoSignedUpSignsInForATokenThatNamesTheCustomer() throws Exception {
    String email = email();
    long customerId = registration.register("Kim", email, "correct horse battery", "test").id();

    TokenIssuer.Issued issued = signIn.signIn(email.toUpperCase(), "correct horse battery", "10.0.0.1");

    Jwt token = NimbusJwtDecoder.withPublicKey(keys.active().toRSAPublicKey()).build().decode(issued.token());
    assertThat(token.getAudience()).containsExactly(AccessTokens.AUDIENCE);
    assertThat(token.getClaimAsStringList(AccessTokens.ROLES)).containsExactly("CUSTOMER");
    assertThat(((Number) token.getClaim(AccessTokens.CUSTOMER_ID)).longValue()).isEqualTo(customerId);
    assertThat(token.getSubject()).isEqualTo(String.valueOf(accounts.byEmail(email).orElseThrow().id()));
    assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));
    assertThat(token.getHeaders()).containsEntry("kid", keys.active().getKeyID()).containsEntry("alg", "RS256");
  }

  @Test
  void thePasswordIsStoredOnlyAsAnAdaptiveHash() {
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    String stored = jdbc.sql("SELECT password_hash FROM account WHERE email = ?").param(email).query(String.class).single();
    assertThat(stored).startsWith("{bcrypt}$2").doesNotContain("correct horse battery");
  }

  @Test
  void aWrongPasswordAnUnknownEmailAndADisabledAccountGetTheSameAnswer() {
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    String disabled = email();
    registration.register("Lee", disabled, "correct horse battery", "test");
    jdbc.sql("UPDATE account SET disabled = TRUE WHERE email = ?").param(disabled).update();

    List<String> answers = List.of(
        refusal(() -> signIn.signIn(email, "wrong horse battery", "10.0.0.2")),
        refusal(() -> signIn.signIn(email(), "correct horse battery", "10.0.0.2")),
        refusal(() -> signIn.signIn(disabled, "correct horse battery", "10.0.0.2")));

    assertThat(answers).containsOnly("UNAUTHENTICATED invalid-credentials The email or the password is wrong");
  }

  @Test
  void signInsAreLimitedPerAccountAndPerAddress() {
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    for (int i = 0; i < 10; i++) {
      refusal(() -> signIn.signIn(email, "wrong horse battery", "10.0.0.3"));
    }
    assertThat(refusal(() -> signIn.signIn(email, "correct horse battery", "10.0.0.4")))
        .as("the eleventh attempt on the account within the minute, even with the right password from elsewhere")
        .startsWith("TOO_MANY_REQUESTS too-many-sign-ins");

    String other = email();
    registration.register("Lee", other, "correct horse battery", "test");
    assertThat(signIn.signIn(other, "correct horse battery", "10.0.0.4").token()).as("another account is not held up").isNotBlank();
  }

  @Test
  void anEmailTakenAndAPasswordWithoutEmailAreRefusedAndChangeNothing() {
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    long customers = jdbc.sql("SELECT COUNT(*) FROM customer").query(Long.class).single();

    assertThat(refusal(() -> registration.register("Kim again", email, "another horse battery", "test")))
        .startsWith("CONFLICT email-taken");
    assertThat(refusal(() -> registration.register("No mail", null, "another horse battery", "test")))
        .startsWith("RULE_VIOLATED email-required");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM customer").query(Long.class).single()).as("the customer rolled back with its account")
        .isEqualTo(customers);
  }

  @Test
  void staffAccountsAreMadeOnceAndSignInWithTheirRole() throws Exception {
    String email = email();
    accounts.ensureStaff(email, "operator password", Role.OPERATOR);
    accounts.ensureStaff(email, "another password", Role.OPERATOR);

    Jwt token = NimbusJwtDecoder.withPublicKey(keys.active().toRSAPublicKey()).build()
        .decode(signIn.signIn(email, "operator password", "10.0.0.5").token());
    assertThat(token.getClaimAsStringList(AccessTokens.ROLES)).containsExactly("OPERATOR");
    assertThat(token.hasClaim(AccessTokens.CUSTOMER_ID)).isFalse();
  }

  @Test
  void aClosedAccountSignsInNoMoreAndItsDisablingLeavesThroughTheOutboxOnce() {
    String email = email();
    long customerId = registration.register("Kim", email, "correct horse battery", "test").id();
    long accountId = accounts.byEmail(email).orElseThrow().id();
    signIn.signIn(email, "correct horse battery", "10.0.0.6");

    closing.close(customerId, "closing-test");
    closing.close(customerId, "closing-again");

    assertThat(refusal(() -> signIn.signIn(email, "correct horse battery", "10.0.0.6"))).startsWith("UNAUTHENTICATED invalid-credentials");
    List<String> events = jdbc.sql("SELECT payload FROM message WHERE destination = ? AND JSON_VALUE(payload, '$.aggregateId') = ?")
        .params(CustomerWalletChannels.ACCOUNT_EVENTS, accountId).query(String.class).list();
    assertThat(events).as("one AccountDisabled, from the first closing").hasSize(1);
    assertThat(events.get(0)).contains("\"type\":\"AccountDisabled\"").contains("\"correlationId\":\"closing-test\"");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM customer WHERE id = ?").param(customerId).query(Long.class).single())
        .as("the customer stays, for its orders and ledger").isEqualTo(1);
    assertThat(refusal(() -> closing.close(Long.MAX_VALUE, "test"))).startsWith("UNKNOWN");
  }

  private static String refusal(Runnable call) {
    try {
      call.run();
    } catch (DomainRefusal refusal) {
      return refusal.kind() + " " + refusal.code() + " " + refusal.getMessage();
    }
    throw new AssertionError("not refused");
  }
}
