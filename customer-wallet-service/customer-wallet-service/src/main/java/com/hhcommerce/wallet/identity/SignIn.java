package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Email and password in, an access token out. A wrong password, an unknown email and a disabled account get the same
 * answer after the same work (an unknown email is checked against a stand-in hash), so the answer tells nothing
 * about which accounts exist.
 */
public final class SignIn {

  private static final String STAND_IN_PASSWORD = "stand-in for an account that does not exist";

  private final Accounts accounts;
  private final PasswordEncoder passwords;
  private final TokenIssuer tokens;
  private final SignInLimits limits;
  private final String standInHash;

  public SignIn(Accounts accounts, PasswordEncoder passwords, TokenIssuer tokens, SignInLimits limits) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.tokens = tokens;
    this.limits = limits;
    this.standInHash = passwords.encode(STAND_IN_PASSWORD);
  }

  public TokenIssuer.Issued signIn(String email, String password, String clientAddress) {
    limits.admit(clientAddress);
    Optional<Account> account = accounts.byEmail(email);
    // an unknown email has no account to protect: only its client's address limits it
    Optional<Account> signedIn = account.isEmpty() ? checked(account, password)
        : limits.attempt(account.get().id(), () -> checked(account, password));
    return signedIn.map(tokens::issue)
        .orElseThrow(() -> DomainRefusal.unauthenticated("invalid-credentials", "The email or the password is wrong"));
  }

  /** The account if the password is its own and it may sign in, after a bcrypt check whatever the answer. */
  private Optional<Account> checked(Optional<Account> account, String password) {
    // bcrypt reads only the first 72 bytes: a longer password, which no account can have, would match on them
    boolean fits = password.getBytes(StandardCharsets.UTF_8).length <= Accounts.PASSWORD_MAX_BYTES;
    boolean matches = passwords.matches(fits ? password : STAND_IN_PASSWORD, account.map(Account::passwordHash).orElse(standInHash));
    return account.filter(a -> fits && matches && !a.disabled());
  }
}
