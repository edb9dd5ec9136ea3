package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokenValidator;
import com.hhcommerce.platform.security.AccessTokens;
import com.hhcommerce.platform.security.DisabledAccounts;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import com.hhcommerce.platform.testing.RealOutbox;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.domain.Wallets;
import com.hhcommerce.wallet.messaging.CustomerEventPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  private static final String ISSUER = "urn:hh-commerce:identity";
  private static final Duration LIFETIME = Duration.ofMinutes(15);

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
  void wrongPasswordsLockTheAccountForAMinuteAndRightOnesDoNotCount() {
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    for (int i = 0; i < 12; i++) {
      assertThat(signIn.signIn(email, "correct horse battery", "10.0.0.3").token()).as("right sign-in %d", i + 1).isNotBlank();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(refusal(() -> signIn.signIn(email, "wrong horse battery", "10.0.0.3"))).startsWith("UNAUTHENTICATED");
    }
    assertThat(refusal(() -> signIn.signIn(email, "correct horse battery", "10.0.0.4")))
        .as("after 10 wrong attempts within the minute, even the right password from elsewhere")
        .startsWith("TOO_MANY_REQUESTS too-many-sign-ins");

    String other = email();
    registration.register("Lee", other, "correct horse battery", "test");
    assertThat(signIn.signIn(other, "correct horse battery", "10.0.0.4").token()).as("another account is not held up").isNotBlank();
  }

  @Test
  void anAccountsLimitIsOneWhateverSpellingOfItsEmailTheDatabaseTakesAsIt() {
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    String local = email.substring(0, email.indexOf('@'));
    List<String> spellings = new ArrayList<>(List.of(email.toUpperCase(Locale.ROOT), local + "@ex\u00e1mple.com", local + "@\uff45xample.com",
        email + "\u00a0"));
    for (int zeroWidthSpaces = 1; spellings.size() < 11; zeroWidthSpaces++) {
      spellings.add(email + "\u200b".repeat(zeroWidthSpaces));
    }
    assertThat(spellings).extracting(spelling -> spelling.trim().toLowerCase(Locale.ROOT)).as("11 emails as typed, trimmed and lower-cased")
        .doesNotHaveDuplicates();
    for (String spelling : spellings) {
      assertThat(signIn.signIn(spelling, "correct horse battery", "10.0.0.8").token()).as("the database takes %s as the email", spelling)
          .isNotBlank();
    }

    for (String spelling : spellings.subList(0, 10)) {
      assertThat(refusal(() -> signIn.signIn(spelling, "wrong horse battery", "10.0.0.8"))).startsWith("UNAUTHENTICATED invalid-credentials");
    }

    assertThat(refusal(() -> signIn.signIn(spellings.get(10), "correct horse battery", "10.0.0.9")))
        .as("after 10 wrong attempts, each spelling the email differently, the right password with yet another spelling")
        .startsWith("TOO_MANY_REQUESTS too-many-sign-ins");
  }

  @Test
  void anUnknownEmailIsLimitedOnlyPerClientAddressAndAnswersAsAWrongPassword() {
    String unknown = email();
    for (int i = 0; i < 12; i++) {
      assertThat(refusal(() -> signIn.signIn(unknown, "wrong horse battery", "10.0.0.10"))).as("attempt %d", i + 1)
          .isEqualTo("UNAUTHENTICATED invalid-credentials The email or the password is wrong");
    }
  }

  @Test
  void aPasswordOver72BytesIsAWrongOneThoughBcryptWouldMatchItsFirst72() {
    String email = email();
    String password = "a".repeat(72);
    registration.register("Kim", email, password, "test");
    assertThat(signIn.signIn(email, password, "10.0.0.11").token()).as("the precondition: 72 bytes sign in").isNotBlank();

    for (int i = 0; i < 10; i++) {
      assertThat(refusal(() -> signIn.signIn(email, password + "zzz", "10.0.0.11"))).as("attempt %d", i + 1)
          .isEqualTo("UNAUTHENTICATED invalid-credentials The email or the password is wrong");
    }

    assertThat(refusal(() -> signIn.signIn(email, password, "10.0.0.11"))).as("each counted as a wrong password")
        .startsWith("TOO_MANY_REQUESTS too-many-sign-ins");
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
  void staffAccountsComeToTheConfiguredPasswordAndRoleAtEachStart() throws Exception {
    String email = email();
    long id = accounts.convergeStaff(email, "operator password", Role.OPERATOR).id();
    String hash = accounts.find(id).orElseThrow().passwordHash();
    assertThat(accounts.convergeStaff(email, "operator password", Role.OPERATOR).passwordHash()).as("unchanged, not hashed again")
        .isEqualTo(hash);
    Jwt token = NimbusJwtDecoder.withPublicKey(keys.active().toRSAPublicKey()).build()
        .decode(signIn.signIn(email, "operator password", "10.0.0.5").token());
    assertThat(token.getClaimAsStringList(AccessTokens.ROLES)).containsExactly("OPERATOR");
    assertThat(token.hasClaim(AccessTokens.CUSTOMER_ID)).isFalse();
    assertThat(token.getSubject()).isEqualTo(String.valueOf(id));

    assertThat(accounts.convergeStaff(email, "a changed password", Role.SUPPORT).id()).isEqualTo(id);

    assertThat(refusal(() -> signIn.signIn(email, "operator password", "10.0.0.5"))).as("the old password")
        .startsWith("UNAUTHENTICATED invalid-credentials");
    Jwt changed = NimbusJwtDecoder.withPublicKey(keys.active().toRSAPublicKey()).build()
        .decode(signIn.signIn(email, "a changed password", "10.0.0.5").token());
    assertThat(changed.getClaimAsStringList(AccessTokens.ROLES)).as("the configured role").containsExactly("SUPPORT");
  }

  @Test
  void aStaffEmailThatIsACustomersOrAPasswordBcryptCannotHashStopsTheStart() {
    String customer = email();
    registration.register("Kim", customer, "correct horse battery", "test");
    assertThatThrownBy(() -> accounts.convergeStaff(customer, "operator password", Role.OPERATOR))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a customer's account");
    assertThat(accounts.byEmail(customer).orElseThrow().role()).isEqualTo(Role.CUSTOMER);

    String staff = email();
    assertThatThrownBy(() -> accounts.convergeStaff(staff, "가".repeat(25), Role.OPERATOR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("72 bytes in UTF-8");
    assertThat(accounts.byEmail(staff)).isEmpty();
  }

  @Test
  void aDisabledStaffAccountSignsInNoMoreStaysDisabledAndItsDisablingLeavesThroughTheOutboxOnce() {
    String email = email();
    long id = accounts.convergeStaff(email, "operator password", Role.OPERATOR).id();

    closing.disable(id, "disabling-test");
    closing.disable(id, "disabling-again");
    accounts.convergeStaff(email, "operator password", Role.OPERATOR);

    assertThat(refusal(() -> signIn.signIn(email, "operator password", "10.0.0.7"))).startsWith("UNAUTHENTICATED invalid-credentials");
    assertThat(accounts.find(id).orElseThrow().disabled()).as("a restart's convergence does not undo the disabling").isTrue();
    List<String> events = jdbc.sql("SELECT payload FROM message WHERE destination = ? AND JSON_VALUE(payload, '$.aggregateId') = ?")
        .params(CustomerWalletChannels.ACCOUNT_EVENTS, id).query(String.class).list();
    assertThat(events).as("one AccountDisabled, keyed by the account id, which is its tokens' subject").hasSize(1);
    assertThat(events.get(0)).contains("\"type\":\"AccountDisabled\"").contains("\"correlationId\":\"disabling-test\"");
    assertThat(refusal(() -> closing.disable(Long.MAX_VALUE, "test"))).startsWith("UNKNOWN account-not-found");
  }

  @Test
  void theIdentityAcceptsARetiredKeysTokenAndRefusesADisabledAccountsAtOnce(@TempDir Path folder) throws Exception {
    Path old = SigningKeysTest.pem(folder.resolve("old.pem"));
    SigningKeys rotated = new SigningKeys(SigningKeysTest.pem(folder.resolve("new.pem")).toString(), List.of(old.toString()));
    TokenIssuer retiredIssuer = new TokenIssuer(new SigningKeys(old.toString(), List.of()), Clock.systemUTC(), ISSUER, LIFETIME);
    // no account events are read here: only the identity's own table can refuse the token
    AccessTokenValidator validator = new AccessTokenValidator(ISSUER, LIFETIME, Duration.ofSeconds(10), Clock.systemUTC(),
        new DisabledAccounts(LIFETIME, Duration.ofSeconds(10), Clock.systemUTC()));
    JwtDecoder identity = new WalletAccess().jwtDecoder(rotated, validator, accounts);
    String email = email();
    registration.register("Kim", email, "correct horse battery", "test");
    Account account = accounts.byEmail(email).orElseThrow();
    String token = retiredIssuer.issue(account).token();

    assertThat(identity.decode(token).getSubject()).as("signed with the retired key, still published").isEqualTo(String.valueOf(account.id()));

    closing.close(account.customerId(), "test");
    assertThatThrownBy(() -> identity.decode(token)).isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("The account is disabled");
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
