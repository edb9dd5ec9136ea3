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
      assertThat(limits.attempt("kim@example.com", "10.0.0.1", () -> RIGHT)).as("right attempt %d", i + 1).isEqualTo(RIGHT);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(limits.attempt("Kim@Example.com ", "10.0.0.2", () -> WRONG)).isEmpty();
    }
    boolean[] checked = {false};
    assertThatThrownBy(() -> limits.attempt("kim@example.com", "10.0.0.3", () -> {
      checked[0] = true;
      return RIGHT;
    })).isInstanceOfSatisfying(DomainRefusal.class, refusal -> {
      assertThat(refusal.code()).isEqualTo("too-many-sign-ins");
      assertThat(refusal.retryAfter()).contains(Duration.ofMinutes(1));
    });
    assertThat(checked[0]).as("the password is not even checked once the account's limit is spent").isFalse();
    assertThat(limits.attempt("lee@example.com", "10.0.0.3", () -> RIGHT)).as("another account").isEqualTo(RIGHT);
  }

  @Test
  void everyAttemptCountsAgainstTheClientAddress() {
    SignInLimits limits = new SignInLimits(1_000, 3);
    limits.attempt("kim@example.com", "10.0.0.1", () -> RIGHT);
    limits.attempt("lee@example.com", "10.0.0.1", () -> WRONG);
    limits.attempt("kim@example.com", "10.0.0.1", () -> RIGHT);
    assertThatThrownBy(() -> limits.attempt("someone@example.com", "10.0.0.1", () -> RIGHT)).isInstanceOf(DomainRefusal.class)
        .hasMessageContaining("this address");
    assertThat(limits.attempt("someone@example.com", "10.0.0.2", () -> RIGHT)).as("another address").isEqualTo(RIGHT);
  }
}
