package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokenValidator;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.web.CanonicalNumbers;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.OptionalLong;

/**
 * Anyone may sign up, sign in and read the key set; operators charge points; a customer reads their own customer
 * record and ledger and closes their own account, an operator anyone's (checked in the controllers) and disables any
 * account, a staff member's too. This service verifies tokens with the keys it holds.
 */
@Configuration(proxyBeanMethods = false)
class WalletAccess {

  @Bean
  AccessRules walletRules() {
    return requests -> requests
        .requestMatchers(HttpMethod.POST, "/customers", "/auth/tokens").permitAll()
        .requestMatchers(HttpMethod.GET, IdentityController.KEY_SET_PATH).permitAll()
        .requestMatchers(HttpMethod.POST, "/customers/*/point-charges").hasRole(Role.OPERATOR.name())
        .requestMatchers(HttpMethod.DELETE, "/customers/*/account").hasAnyRole(Role.CUSTOMER.name(), Role.OPERATOR.name())
        .requestMatchers(HttpMethod.DELETE, "/accounts/*").hasRole(Role.OPERATOR.name());
  }

  /**
   * The identity verifies tokens as every other service does (the same validator, every published key, retired ones
   * too), without fetching its own key set, and refuses a disabled account's at once from its own table rather than
   * once the event has come back through Kafka.
   */
  @Bean
  JwtDecoder jwtDecoder(SigningKeys keys, AccessTokenValidator validator, Accounts accounts) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys.published())));
    processor.setJWTClaimsSetVerifier((claims, context) -> { }); // the validator checks the claims, as NimbusJwtDecoder's builders leave it to
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validator, token -> notDisabled(token, accounts)));
    return decoder;
  }

  /**
   * An account whose state cannot be read (its database unreachable) is no fault of the token: a JwtException that is
   * not a BadJwtException, which the API answers 503 (ProblemResponses), not a 401, nor the 500 of an unexpected error.
   */
  static OAuth2TokenValidatorResult notDisabled(Jwt token, Accounts accounts) {
    OptionalLong account = CanonicalNumbers.parse(token.getSubject());
    boolean disabled;
    try {
      disabled = account.isPresent() && accounts.isDisabled(account.getAsLong());
    } catch (DataAccessException unreachable) {
      throw new JwtException("The account's state cannot be read for now", unreachable);
    }
    return disabled ? OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The account is disabled", null))
        : OAuth2TokenValidatorResult.success();
  }
}
