package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessTokens.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * customer-wallet-service is the shop's identity provider: customers and staff sign in here and get a signed access
 * token that every service verifies on its own against the published key set.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

  /** bcrypt, with the algorithm stored beside each hash so that a stronger one can take over later. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  SigningKeys signingKeys(@Value("${hh.identity.signing-key}") String activeKey, @Value("${hh.identity.retired-keys}") List<String> retired) {
    return new SigningKeys(activeKey, retired);
  }

  @Bean
  TokenIssuer tokenIssuer(SigningKeys keys, Clock clock, @Value("${hh.security.issuer}") String issuer,
                          @Value("${hh.security.token-lifetime}") Duration validFor) {
    return new TokenIssuer(keys, clock, issuer, validFor);
  }

  @Bean
  SignIn signIn(Accounts accounts, PasswordEncoder passwords, TokenIssuer tokens,
                @Value("${hh.identity.sign-in.per-account-per-minute}") int failuresPerAccount,
                @Value("${hh.identity.sign-in.per-address-per-minute}") int perAddress) {
    return new SignIn(accounts, passwords, tokens, new SignInLimits(failuresPerAccount, perAddress));
  }

  @Bean
  SignUpLimits signUpLimits(@Value("${hh.identity.sign-up.per-address-per-minute}") int perAddress) {
    return new SignUpLimits(perAddress);
  }

  /**
   * Staff accounts from configuration (the local stack's documented operator and support), made or brought to the
   * configured password and role at every start; the log names each one's account id, which DELETE /accounts/{id}
   * takes.
   */
  @Bean
  ApplicationRunner staffAccounts(Accounts accounts,
                                  @Value("${hh.identity.operator.email}") String operatorEmail,
                                  @Value("${hh.identity.operator.password}") String operatorPassword,
                                  @Value("${hh.identity.support.email}") String supportEmail,
                                  @Value("${hh.identity.support.password}") String supportPassword) {
    return arguments -> {
      if (!operatorPassword.isBlank()) {
        logged(accounts.convergeStaff(operatorEmail, operatorPassword, Role.OPERATOR));
      }
      if (!supportPassword.isBlank()) {
        logged(accounts.convergeStaff(supportEmail, supportPassword, Role.SUPPORT));
      }
    };
  }

  private static void logged(Account staff) {
    log.info("Staff account {} is account {} ({}){}", staff.email(), staff.id(), staff.role(), staff.disabled() ? ", disabled" : "");
  }
}
