package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessTokens.Role;
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
                @Value("${hh.identity.sign-in.per-account-per-minute}") int perAccount,
                @Value("${hh.identity.sign-in.per-address-per-minute}") int perAddress) {
    return new SignIn(accounts, passwords, tokens, new SignInLimits(perAccount, perAddress));
  }

  /** Staff accounts from configuration (the local stack's documented operator and support), made once. */
  @Bean
  ApplicationRunner staffAccounts(Accounts accounts,
                                  @Value("${hh.identity.operator.email}") String operatorEmail,
                                  @Value("${hh.identity.operator.password}") String operatorPassword,
                                  @Value("${hh.identity.support.email}") String supportEmail,
                                  @Value("${hh.identity.support.password}") String supportPassword) {
    return arguments -> {
      if (!operatorPassword.isBlank()) {
        accounts.ensureStaff(operatorEmail, operatorPassword, Role.OPERATOR);
      }
      if (!supportPassword.isBlank()) {
        accounts.ensureStaff(supportEmail, supportPassword, Role.SUPPORT);
      }
    };
  }
}
