package com.hhcommerce.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.security.AccessTokens.Role;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Every service is an OAuth 2.0 resource server: a request carries an access token (AccessTokens), which the service
 * verifies itself against the identity's published key set (fetched once and cached; fetched again for a key id it
 * does not know, which is how a rotation arrives), its issuer and audience, and its expiry. No service asks another.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
public class ApiSecurityAutoConfiguration {

  /** A service that holds the keys itself (the identity's own) declares its own decoder. */
  @Bean
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(@Value("${hh.security.key-set-uri}") String keySetUri, @Value("${hh.security.issuer}") String issuer,
                        DisabledAccounts disabled) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(keySetUri).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    decoder.setJwtValidator(validator(issuer, disabled));
    return decoder;
  }

  /** Filled from the account events where the service reads Kafka (AccountEventsAutoConfiguration). */
  @Bean
  DisabledAccounts disabledAccounts(@Value("${hh.security.token-lifetime}") Duration tokenLifetime, Clock clock) {
    return new DisabledAccounts(tokenLifetime, clock);
  }

  /** Each verification's CPU time counted, so that the benchmark can say what tokens cost per order. */
  @Bean
  static TokenVerificationMetrics tokenVerificationMetrics(ObjectProvider<MeterRegistry> meters) {
    return new TokenVerificationMetrics(meters);
  }

  /**
   * The token's issuer, audience and times (expiry, not-before) must hold, a missing one is refused; and its account
   * must not have been disabled.
   */
  public static DelegatingOAuth2TokenValidator<Jwt> validator(String issuer, DisabledAccounts disabled) {
    return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(AccessTokens.AUDIENCE)),
        disabled);
  }

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE - 10)
  SecurityFilterChain api(HttpSecurity http, ObjectProvider<AccessRules> serviceRules, ObjectMapper json) throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
    roles.setAuthoritiesClaimName(AccessTokens.ROLES);
    roles.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
    authentication.setJwtGrantedAuthoritiesConverter(roles);
    return http
        .authorizeHttpRequests(requests -> {
          requests.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
              "/swagger-ui/**", "/error").permitAll();
          serviceRules.orderedStream().forEach(rules -> rules.apply(requests));
          requests.requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name());
          requests.anyRequest().authenticated();
        })
        .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(authentication))
            .authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .build();
  }
}
