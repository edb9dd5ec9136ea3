package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.wallet.domain.Wallets;
import com.hhcommerce.wallet.messaging.CustomerEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;

/**
 * An account closed (a customer's, or a staff member's by an operator): it signs in no more, and its AccountDisabled
 * event, committed with the change, makes every service refuse the tokens it still holds. The customer's orders,
 * points and ledger stay, as the books need them; closing is what deleting a customer means here.
 */
@Service
public class AccountClosing {

  private final Wallets wallets;
  private final Accounts accounts;
  private final CustomerEventPublisher events;
  private final Clock clock;

  public AccountClosing(Wallets wallets, Accounts accounts, CustomerEventPublisher events, Clock clock) {
    this.wallets = wallets;
    this.accounts = accounts;
    this.events = events;
    this.clock = clock;
  }

  /** Closing again, or a customer without an account, changes nothing. */
  @Transactional
  public void close(long customerId, String correlationId) {
    wallets.customer(customerId).orElseThrow(() -> DomainRefusal.unknown("customer", customerId));
    Instant now = clock.instant();
    accounts.disableCustomer(customerId, now).ifPresent(accountId -> events.accountDisabled(accountId, now, correlationId));
  }

  /**
   * Disables any account by its id (its tokens' subject), a staff member's too: the same as closing a customer's,
   * through the same event. Disabling again changes nothing.
   */
  @Transactional
  public void disable(long accountId, String correlationId) {
    accounts.find(accountId).orElseThrow(() -> DomainRefusal.unknown("account", accountId));
    Instant now = clock.instant();
    if (accounts.disable(accountId, now)) {
      events.accountDisabled(accountId, now, correlationId);
    }
  }
}
