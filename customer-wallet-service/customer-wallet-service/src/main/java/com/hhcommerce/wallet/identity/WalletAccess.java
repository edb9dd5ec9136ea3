package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.ApiSecurityAutoConfiguration;
import com.hhcommerce.platform.security.DisabledAccounts;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Anyone may sign up, sign in and read the key set; operators charge points; a customer reads their own customer
 * record and ledger and closes their own account, an operator anyone's (checked in the controllers). This service verifies tokens with the keys it holds.
 */
@Configuration(proxyBeanMethods = false)
class WalletAccess {

  @Bean
  AccessRules walletRules() {
    return requests -> requests
        .requestMatchers(HttpMethod.POST, "/customers", "/auth/tokens").permitAll()
        .requestMatchers(HttpMethod.GET, IdentityController.KEY_SET_PATH).permitAll()
        .requestMatchers(HttpMethod.POST, "/customers/*/point-charges").hasRole(Role.OPERATOR.name())
        .requestMatchers(HttpMethod.DELETE, "/customers/*/account").hasAnyRole(Role.CUSTOMER.name(), Role.OPERATOR.name());
  }

  @Bean
  JwtDecoder jwtDecoder(SigningKeys keys, @Value("${hh.security.issuer}") String issuer, DisabledAccounts disabled) throws Exception {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(keys.active().toRSAPublicKey()).build();
    decoder.setJwtValidator(ApiSecurityAutoConfiguration.validator(issuer, disabled));
    return decoder;
  }
}
