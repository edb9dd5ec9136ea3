package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import io.github.resilience4j.ratelimiter.RateLimiter;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At most so many sign-in attempts per minute per client address, right or wrong, and so many failed ones per account
 * (its email, whether it exists or not): a stranger who knows an email can spend the account's limit only on wrong
 * passwords, and its owner still signs in while the limit lasts.
 */
public final class SignInLimits {

  private final Limiters perAccount;
  private final Limiters perAddress;

  public SignInLimits(int failuresPerAccountPerMinute, int perAddressPerMinute) {
    this.perAccount = new Limiters("sign-in-account", failuresPerAccountPerMinute);
    this.perAddress = new Limiters("sign-in-address", perAddressPerMinute);
  }

  /**
   * Runs the check of the credentials unless a limit is spent (429, retry after a minute), and counts a failed one
   * against the account. The account's limiter is held meanwhile: concurrent wrong attempts would otherwise all find a
   * permit left before any of them counted.
   */
  public <T> Optional<T> attempt(String email, String clientAddress, Supplier<Optional<T>> check) {
    if (!perAddress.of(clientAddress).acquirePermission()) {
      throw refused();
    }
    RateLimiter account = perAccount.of(email.trim().toLowerCase(Locale.ROOT));
    synchronized (account) {
      if (account.getMetrics().getAvailablePermissions() < 1) {
        throw refused();
      }
      Optional<T> signedIn = check.get();
      if (signedIn.isEmpty()) {
        account.acquirePermission();
      }
      return signedIn;
    }
  }

  private static DomainRefusal refused() {
    return DomainRefusal.tooManyRequests("too-many-sign-ins", "Too many sign-in attempts for this account or from this address",
        Limiters.PERIOD);
  }
}
