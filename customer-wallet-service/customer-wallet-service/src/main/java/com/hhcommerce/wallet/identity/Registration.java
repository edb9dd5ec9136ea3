package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.wallet.domain.Customer;
import com.hhcommerce.wallet.domain.Wallets;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A new customer, with the account it signs in with when a password is given: both or neither. */
@Service
public class Registration {

  private final Wallets wallets;
  private final Accounts accounts;

  public Registration(Wallets wallets, Accounts accounts) {
    this.wallets = wallets;
    this.accounts = accounts;
  }

  @Transactional
  public Customer register(String name, String email, String password, String correlationId) {
    if (password != null && email == null) {
      throw DomainRefusal.ruleViolated("email-required", "A customer who signs in needs an email").with("field", "email");
    }
    Customer customer = wallets.create(name, email, correlationId);
    if (password != null) {
      accounts.create(email, password, Role.CUSTOMER, customer.id());
    }
    return customer;
  }
}
