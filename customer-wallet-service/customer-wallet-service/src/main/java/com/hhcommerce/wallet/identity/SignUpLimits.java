package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;

/** At most so many anonymous sign-ups per minute per client address (an IPv6 one's /64): each costs a bcrypt hash of CPU. */
public final class SignUpLimits {

  private final Limiters<String> perAddress;

  public SignUpLimits(int perAddressPerMinute) {
    this.perAddress = new Limiters<>("sign-up-address", perAddressPerMinute);
  }

  /** Refuses the sign-up (429, retry after a minute) once the address's limit is spent. */
  public void attempt(String clientAddress) {
    if (!perAddress.of(Limiters.client(clientAddress)).acquirePermission()) {
      throw DomainRefusal.tooManyRequests("too-many-sign-ups", "Too many sign-ups from this address", Limiters.PERIOD);
    }
  }
}
