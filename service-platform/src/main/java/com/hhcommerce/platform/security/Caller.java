package com.hhcommerce.platform.security;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Optional;

/** Who is calling, from the verified access token of the request being handled. */
public record Caller(Optional<Long> customerId, List<Role> roles) {

  private static final Caller ANONYMOUS = new Caller(Optional.empty(), List.of());

  public static Caller current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !(authentication.getPrincipal() instanceof Jwt token)) {
      return ANONYMOUS;
    }
    Object customer = token.getClaim(AccessTokens.CUSTOMER_ID);
    List<String> roles = Optional.ofNullable(token.getClaimAsStringList(AccessTokens.ROLES)).orElse(List.of());
    return new Caller(customer instanceof Number number ? Optional.of(number.longValue()) : Optional.empty(),
        roles.stream().filter(Caller::known).map(Role::valueOf).toList());
  }

  public boolean is(Role role) {
    return roles.contains(role);
  }

  /** A member of the shop's staff: may see every customer's things. */
  public boolean isStaff() {
    return is(Role.OPERATOR) || is(Role.SUPPORT);
  }

  /** Whether the caller is this customer, or staff. */
  public boolean maySee(long ownerCustomerId) {
    return isStaff() || customerId.map(id -> id == ownerCustomerId).orElse(false);
  }

  /**
   * Refuses, as "{what} {id} does not exist" (404), a resource of another customer: its id then tells nothing about
   * whether it exists.
   */
  public void requireMaySee(long ownerCustomerId, String what, Object id) {
    if (!maySee(ownerCustomerId)) {
      throw DomainRefusal.unknown(what, id);
    }
  }

  /**
   * Refuses a change to another customer's resource: as unknown (404) to another customer, with 403 to support, whose
   * role reads; the customer themself and the operator may change it.
   */
  public void requireMayChange(long ownerCustomerId, String what, Object id) {
    requireMaySee(ownerCustomerId, what, id);
    if (!is(Role.OPERATOR) && !customerId.map(own -> own == ownerCustomerId).orElse(false)) {
      throw DomainRefusal.forbidden("read-only-role", "This account's role may read " + what + "s, not change them");
    }
  }

  /**
   * Refuses (403) a request that acts for another customer (a body naming them): a customer acts for themself,
   * staff for anyone.
   */
  public void requireActsFor(long customerId, String field) {
    if (!maySee(customerId)) {
      throw DomainRefusal.forbidden("not-your-customer-id", "You may act only for yourself: " + field + " must be your own customer id")
          .with("field", field);
    }
  }

  private static boolean known(String role) {
    return java.util.Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(role));
  }
}
