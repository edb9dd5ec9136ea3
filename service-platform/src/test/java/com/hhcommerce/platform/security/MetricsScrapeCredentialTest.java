package com.hhcommerce.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsScrapeCredentialTest {

  private final MetricsScrapeCredential credential =
      MetricsScrapeCredential.of(new ApiSecurityProperties.MetricsScrape("prometheus", "s3cret")).orElseThrow();

  @Test
  void theRightPairGetsTheScrapeAuthorityAndNoRole() {
    assertThat(credential.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("prometheus", "s3cret")).getAuthorities())
        .extracting(GrantedAuthority::getAuthority).containsExactly(MetricsScrapeCredential.AUTHORITY);
  }

  @Test
  void anyOtherPairIsRefused() {
    for (String[] pair : new String[][] {{"prometheus", "s3cre"}, {"prometheus", "s3cret "}, {"Prometheus", "s3cret"},
        {"operator", "s3cret"}, {"prometheus", ""}}) {
      assertThatThrownBy(() -> credential.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(pair[0], pair[1])))
          .as("%s / %s", pair[0], pair[1]).isInstanceOf(BadCredentialsException.class);
    }
  }

  @Test
  void withoutAPasswordThereIsNoCredential() {
    assertThat(MetricsScrapeCredential.of(new ApiSecurityProperties.MetricsScrape("prometheus", ""))).isEmpty();
    assertThat(MetricsScrapeCredential.of(new ApiSecurityProperties.MetricsScrape("prometheus", null))).isEmpty();
  }
}
