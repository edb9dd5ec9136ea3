package com.hhcommerce.wallet.web;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.security.Caller;
import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.web.CorrelationIds;
import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import com.hhcommerce.wallet.domain.Customer;
import com.hhcommerce.wallet.domain.LedgerEntry;
import com.hhcommerce.wallet.domain.Wallets;
import com.hhcommerce.wallet.identity.Registration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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

  CustomerWalletController(Wallets wallets, Registration registration) {
    this.wallets = wallets;
    this.registration = registration;
  }

  /**
   * email: where the customer's order notifications go; optional (none are sent without it). password: to sign in
   * with that email (POST /auth/tokens); optional, and needs the email.
   */
  record NewCustomerRequest(@NotBlank @Characters(max = 200) String name, @Email @Characters(max = 254) String email,
                            @Size(min = 10, max = 200) String password) {
  }

  /** requestId makes the charge idempotent: a retried request with the same id charges once. */
  record ChargeRequest(@NotNull @Positive @Max(100_000_000) Long amount, @NotBlank @Characters(max = 100) String requestId) {
  }

  @Responses(success = 201, problems = {409, 422})
  @PostMapping("/customers")
  ResponseEntity<Customer> create(@Valid @RequestBody NewCustomerRequest request,
                                  @RequestHeader(name = CorrelationIds.HEADER, required = false) @CorrelationIds.Valid String correlationId) {
    Caller caller = Caller.current();
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
