package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Optional;

/**
 * Email and password in, an access token out. A wrong password, an unknown email and a disabled account get the same
 * answer after the same work (an unknown email is checked against a stand-in hash), so the answer tells nothing
 * about which accounts exist.
 */
public final class SignIn {

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
    this.standInHash = passwords.encode("stand-in for an account that does not exist");
  }

  public TokenIssuer.Issued signIn(String email, String password, String clientAddress) {
    return limits.attempt(email, clientAddress, () -> {
      Optional<Account> account = accounts.byEmail(email);
      boolean matches = passwords.matches(password, account.map(Account::passwordHash).orElse(standInHash));
      return account.filter(a -> matches && !a.disabled());
    }).map(tokens::issue).orElseThrow(() -> DomainRefusal.unauthenticated("invalid-credentials", "The email or the password is wrong"));
  }
}
