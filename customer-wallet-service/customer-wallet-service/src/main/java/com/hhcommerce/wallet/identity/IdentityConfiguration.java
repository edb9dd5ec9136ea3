package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.security.ApiSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;

/**
 * customer-wallet-service is the shop's identity provider: customers and staff sign in here and get a signed access
 * token that every service verifies on its own against the published key set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentityProperties.class, ApiSecurityProperties.class})
class IdentityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

  /** bcrypt, with the algorithm stored beside each hash so that a stronger one can take over later. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  SigningKeys signingKeys(IdentityProperties settings) {
    return new SigningKeys(settings.signingKey(), settings.retiredKeys());
  }

  /** With the issuer and lifetime every service checks (the platform's settings). */
  @Bean
  TokenIssuer tokenIssuer(SigningKeys keys, Clock clock, ApiSecurityProperties tokens) {
    return new TokenIssuer(keys, clock, tokens.issuer(), tokens.tokenLifetime());
  }

  @Bean
  SignIn signIn(Accounts accounts, PasswordEncoder passwords, TokenIssuer tokens, IdentityProperties settings) {
    IdentityProperties.SignInRates rates = settings.signIn();
    return new SignIn(accounts, passwords, tokens, new SignInLimits(rates.perAccountPerMinute(), rates.perAddressPerMinute()));
  }

  @Bean
  SignUpLimits signUpLimits(IdentityProperties settings) {
    return new SignUpLimits(settings.signUp().perAddressPerMinute());
  }

  /**
   * Staff accounts from configuration (the local stack's documented operator and support), made or brought to the
   * configured password and role at every start; the log names each one's account id, which DELETE /accounts/{id}
   * takes.
   */
  @Bean
  ApplicationRunner staffAccounts(Accounts accounts, IdentityProperties settings) {
    return arguments -> {
      if (!settings.operator().password().isBlank()) {
        logged(accounts.convergeStaff(settings.operator().email(), settings.operator().password(), Role.OPERATOR));
      }
      if (!settings.support().password().isBlank()) {
        logged(accounts.convergeStaff(settings.support().email(), settings.support().password(), Role.SUPPORT));
      }
    };
  }

  private static void logged(Account staff) {
    log.info("Staff account {} is account {} ({}){}", staff.email(), staff.id(), staff.role(), staff.disabled() ? ", disabled" : "");
  }
}
