package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignInLimitsTest {

  private static final Optional<String> RIGHT = Optional.of("token");
  private static final Optional<String> WRONG = Optional.empty();

  @Test
  void onlyFailedAttemptsCountAgainstTheAccount() {
    SignInLimits limits = new SignInLimits(3, 1_000);
    for (int i = 0; i < 10; i++) {
      assertThat(limits.attempt(7, () -> RIGHT)).as("right attempt %d", i + 1).isEqualTo(RIGHT);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(limits.attempt(7, () -> WRONG)).isEmpty();
    }
    boolean[] checked = {false};
    assertThatThrownBy(() -> limits.attempt(7, () -> {
      checked[0] = true;
      return RIGHT;
    })).isInstanceOfSatisfying(DomainRefusal.class, refusal -> {
      assertThat(refusal.code()).isEqualTo("too-many-sign-ins");
      assertThat(refusal.retryAfter()).contains(Duration.ofMinutes(1));
    });
    assertThat(checked[0]).as("the password is not even checked once the account's limit is spent").isFalse();
    assertThat(limits.attempt(8, () -> RIGHT)).as("another account").isEqualTo(RIGHT);
  }

  @Test
  void everyAttemptCountsAgainstTheClientAddress() {
    SignInLimits limits = new SignInLimits(1_000, 3);
    for (int i = 0; i < 3; i++) {
      limits.admit("10.0.0.1");
    }
    assertThatThrownBy(() -> limits.admit("10.0.0.1")).isInstanceOf(DomainRefusal.class).hasMessageContaining("this address");
    limits.admit("10.0.0.2"); // another address: not refused
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    SignInLimits limits = new SignInLimits(1_000, 3);
    limits.admit("2001:db8:1:2::1");
    limits.admit("2001:db8:1:2::2");
    limits.admit("2001:db8:1:2:ffff:ffff:ffff:ffff");
    assertThatThrownBy(() -> limits.admit("2001:0db8:0001:0002:abcd::9")).as("a fourth address in the /64")
        .isInstanceOf(DomainRefusal.class).hasMessageContaining("this address");
    limits.admit("2001:db8:1:3::1"); // the next /64: not refused
  }
}
