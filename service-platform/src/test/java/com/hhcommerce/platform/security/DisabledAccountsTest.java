package com.hhcommerce.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DisabledAccountsTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final DisabledAccounts disabled = new DisabledAccounts(Duration.ofMinutes(15), Duration.ofSeconds(10), clock);

  private static Jwt tokenOf(String subject, Instant issuedAt) {
    return Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).issuedAt(issuedAt)
        .expiresAt(issuedAt.plus(Duration.ofMinutes(15))).build();
  }

  @Test
  void aDisabledAccountsTokenIsRefusedAndAnotherAccountsIsNot() {
    Jwt issuedBefore = tokenOf("7", now.get().minus(Duration.ofMinutes(5)));
    assertThat(disabled.validate(issuedBefore).hasErrors()).as("before the disabling").isFalse();

    disabled.disabled("7", now.get());

    assertThat(disabled.validate(issuedBefore).getErrors()).singleElement()
        .satisfies(error -> assertThat(error.getDescription()).isEqualTo("The account is disabled"));
    assertThat(disabled.validate(tokenOf("8", now.get())).hasErrors()).isFalse();
  }

  @Test
  void aDisablingIsRememberedAsLongAsATokenIssuedBeforeItCanBeValid() {
    disabled.disabled("7", now.get());

    now.set(now.get().plus(Duration.ofMinutes(15)).plusSeconds(10));
    assertThat(disabled.isDisabled("7")).as("15 min lifetime + 10 s skew: a token from before may still pass its expiry check").isTrue();

    now.set(now.get().plus(Duration.ofSeconds(1)));
    assertThat(disabled.isDisabled("7")).as("every token issued before the disabling has expired").isFalse();
    assertThat(disabled.rememberedSince()).isEqualTo(now.get().minus(Duration.ofMinutes(15)).minusSeconds(10));
  }

  @Test
  void anEventReadTooLateToMatterIsForgottenAndTheEarliestDisablingCounts() {
    disabled.disabled("9", now.get().minus(Duration.ofMinutes(16)));
    assertThat(disabled.isDisabled("9")).isFalse();

    disabled.disabled("7", now.get().minus(Duration.ofMinutes(10)));
    disabled.disabled("7", now.get());
    now.set(now.get().plus(Duration.ofMinutes(7)));
    assertThat(disabled.isDisabled("7")).as("a duplicate, later event does not extend the first").isFalse();
  }

  @Test
  void aTokenWithoutASubjectNamesNoDisabledAccount() {
    disabled.disabled("7", now.get());
    Jwt noSubject = Jwt.withTokenValue("t").header("alg", "RS256").claim("scope", "x").issuedAt(now.get())
        .expiresAt(now.get().plus(Duration.ofMinutes(15))).build();
    assertThat(disabled.validate(noSubject).hasErrors()).as("judged by the other checks, not a failure of this one").isFalse();
  }
}
