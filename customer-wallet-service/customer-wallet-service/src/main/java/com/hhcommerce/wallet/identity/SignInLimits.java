package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import io.github.resilience4j.ratelimiter.RateLimiter;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * At most so many sign-in attempts per minute per client address (an IPv6 one's /64), right or wrong, and so many
 * failed ones per account: a stranger who knows an email can spend the account's limit only on wrong passwords, and
 * while it lasts its owner still signs in.
 */
public final class SignInLimits {

  private final Limiters<Long> perAccount;
  private final Limiters<String> perAddress;

  public SignInLimits(int failuresPerAccountPerMinute, int perAddressPerMinute) {
    this.perAccount = new Limiters<>("sign-in-account", failuresPerAccountPerMinute);
    this.perAddress = new Limiters<>("sign-in-address", perAddressPerMinute);
  }

  /** Counts an attempt against the client's address, refusing it (429, retry after a minute) once the limit is spent. */
  public void admit(String clientAddress) {
    if (!perAddress.of(Limiters.client(clientAddress)).acquirePermission()) {
      throw refused();
    }
  }

  /**
   * Runs the check of the account's password unless its limit is spent (429, retry after a minute), and counts a
   * failed one against the account. The account is the one the database matched, not the email as typed: the
   * database's collation takes many spellings as one email, each of which would otherwise have a limit of its own.
   * The account's limiter is held meanwhile: concurrent wrong attempts would otherwise all find a permit left before
   * any of them counted.
   */
  public <T> Optional<T> attempt(long accountId, Supplier<Optional<T>> check) {
    RateLimiter account = perAccount.of(accountId);
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
