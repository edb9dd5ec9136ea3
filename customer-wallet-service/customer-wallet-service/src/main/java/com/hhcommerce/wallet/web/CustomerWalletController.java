package com.hhcommerce.wallet.web;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.security.Caller;
import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.validation.Utf8Bytes;
import com.hhcommerce.platform.web.CorrelationIds;
import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import com.hhcommerce.wallet.domain.Customer;
import com.hhcommerce.wallet.domain.LedgerEntry;
import com.hhcommerce.wallet.domain.Wallets;
import com.hhcommerce.wallet.identity.Accounts;
import com.hhcommerce.wallet.identity.Registration;
import com.hhcommerce.wallet.identity.SignUpLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
class CustomerWalletController {

  private final Wallets wallets;
  private final Registration registration;
  private final SignUpLimits signUps;

  CustomerWalletController(Wallets wallets, Registration registration, SignUpLimits signUps) {
    this.wallets = wallets;
    this.registration = registration;
    this.signUps = signUps;
  }

  /**
   * email: where the customer's order notifications go; optional (none are sent without it). password: to sign in
   * with that email (POST /auth/tokens); optional, and needs the email; at least 10 characters and at most 72 bytes in
   * UTF-8 (all that bcrypt reads: 72 ASCII characters, 24 Hangul syllables).
   */
  record NewCustomerRequest(@NotBlank @Characters(max = 200) String name, @Email @Characters(max = 254) String email,
                            @Characters(min = 10, max = Accounts.PASSWORD_MAX_BYTES) @Utf8Bytes(max = Accounts.PASSWORD_MAX_BYTES)
                            String password) {
  }

  /** requestId makes the charge idempotent: a retried request with the same id charges once. */
  record ChargeRequest(@NotNull @Positive @Max(100_000_000) Long amount, @NotBlank @Characters(max = 100) String requestId) {
  }

  /** Anyone signs up (with a password), at most so many a minute from one client address (429); an operator creates any. */
  @Responses(success = 201, problems = {409, 422, 429})
  @PostMapping("/customers")
  ResponseEntity<Customer> create(@Valid @RequestBody NewCustomerRequest request,
                                  @RequestHeader(name = CorrelationIds.HEADER, required = false) @CorrelationIds.Valid String correlationId,
                                  HttpServletRequest http) {
    Caller caller = Caller.current();
    if (!caller.is(Role.OPERATOR)) {
      signUps.attempt(http.getRemoteAddr());
    }
    if (request.password() == null && !caller.is(Role.OPERATOR)) {
      throw DomainRefusal.ruleViolated("password-required", "Signing up needs a password (only an operator creates a customer without one)")
          .with("field", "password");
    }
    Customer customer = registration.register(request.name(), request.email(), request.password(), CorrelationIds.orNew(correlationId));
    return ResponseEntity.created(URI.create("/customers/" + customer.id())).body(customer);
  }

  @Responses(problems = 404)
  @GetMapping("/customers/{id}")
  Customer get(@PathVariable long id) {
    Caller.current().requireMaySee(id, "customer", id);
    return wallets.customer(id).orElseThrow(() -> DomainRefusal.unknown("customer", id));
  }

  @Responses(problems = {404, 422})
  @PostMapping("/customers/{id}/point-charges")
  LedgerEntry charge(@PathVariable long id, @Valid @RequestBody ChargeRequest request) {
    return wallets.charge(id, request.amount(), request.requestId());
  }

  @Responses(problems = 404)
  @GetMapping("/customers/{id}/point-ledger")
  Page<LedgerEntry> ledger(@PathVariable long id, @ParameterObject PageRequest page) {
    get(id);
    return page.of(wallets.ledger(id, page.offset(), page.limitPlusOne()));
  }
}
