package com.hhcommerce.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.security.AccessTokens.Role;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.time.Clock;
import java.util.Optional;

/**
 * Every service is an OAuth 2.0 resource server: a request carries an access token (AccessTokens), which the service
 * verifies itself against the identity's published key set ({@link PublishedKeys}: cached, refreshed in the background,
 * kept through the identity's outages) and checks what {@link AccessTokenValidator} requires. No service asks another
 * who a caller is.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
@EnableConfigurationProperties({ApiSecurityProperties.class, PerformanceProperties.class})
public class ApiSecurityAutoConfiguration {

  /** A service that holds the keys itself (the identity's own) declares its own decoder, with the same validator. */
  @Bean
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(ApiSecurityProperties settings, AccessTokenValidator validator) {
    ApiSecurityProperties.KeySet keySet = settings.keySet();
    NimbusJwtDecoder decoder = PublishedKeys.decoder(PublishedKeys.source(settings.keySetUri(), keySet.connectTimeout(), keySet.readTimeout(),
        keySet.refresh(), keySet.unknownKeyInterval()));
    decoder.setJwtValidator(validator);
    return decoder;
  }

  @Bean
  AccessTokenValidator accessTokenValidator(ApiSecurityProperties settings, Clock clock, DisabledAccounts disabled) {
    return new AccessTokenValidator(settings.issuer(), settings.tokenLifetime(), settings.clockSkew(), clock, disabled);
  }

  /** Filled from the account events where the service reads Kafka (AccountEventsAutoConfiguration). */
  @Bean
  DisabledAccounts disabledAccounts(ApiSecurityProperties settings, Clock clock) {
    return new DisabledAccounts(settings.tokenLifetime(), settings.clockSkew(), clock);
  }

  /**
   * Each verification's CPU time counted, so that the benchmark can say what tokens cost per order; only when the
   * benchmark asks for it (hh.performance.token-cpu-metrics), since it reads the thread's CPU clock twice per verification.
   */
  @Bean
  @ConditionalOnProperty(prefix = PerformanceProperties.PREFIX, name = "token-cpu-metrics", havingValue = "true")
  static TokenVerificationMetrics tokenVerificationMetrics(ObjectProvider<MeterRegistry> meters) {
    return new TokenVerificationMetrics(meters);
  }

  /** Spring Security's firewall answers a URL it refuses with this (Boot's error page otherwise). */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
    return new ProblemResponses(json);
  }

  /**
   * The metrics, for a Prometheus that cannot renew a 15-minute token: an operator's token, or HTTP Basic with the
   * scrape credential (hh.security.metrics-scrape.*), which opens this one endpoint and nothing else. Without a scrape
   * password, operators only.
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE - 20)
  SecurityFilterChain metricsScrape(HttpSecurity http, ApiSecurityProperties settings, ObjectMapper json, JwtDecoder decoder)
      throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    // each scheme its own manager: the chain's shared one is the scrape credential's, which knows no token
    JwtAuthenticationProvider tokens = new JwtAuthenticationProvider(decoder);
    tokens.setJwtAuthenticationConverter(tokenRoles());
    http.securityMatcher("/actuator/prometheus")
        .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyAuthority("ROLE_" + Role.OPERATOR.name(), MetricsScrapeCredential.AUTHORITY))
        .oauth2ResourceServer(server -> bearerTokens(server.jwt(jwt -> jwt.authenticationManager(new ProviderManager(tokens))), problems));
    statelessWithProblems(http, problems);
    Optional<MetricsScrapeCredential> credential = MetricsScrapeCredential.of(settings.metricsScrape());
    if (credential.isPresent()) {
      http.httpBasic(basic -> basic.authenticationEntryPoint(problems)).authenticationManager(credential.get());
    }
    return http.build();
  }

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE - 10)
  SecurityFilterChain api(HttpSecurity http, ObjectProvider<AccessRules> serviceRules, ObjectMapper json) throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    JwtAuthenticationConverter authentication = tokenRoles();
    http.authorizeHttpRequests(requests -> {
      requests.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
          "/swagger-ui/**", "/error").permitAll();
      serviceRules.orderedStream().forEach(rules -> rules.apply(requests));
      requests.requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name());
      requests.anyRequest().authenticated();
    }).oauth2ResourceServer(server -> bearerTokens(server.jwt(jwt -> jwt.jwtAuthenticationConverter(authentication)), problems));
    statelessWithProblems(http, problems);
    return http.build();
  }

  /** Both chains: no session (every request carries its credential), no CSRF (no cookie), refusals as problem details. */
  private static void statelessWithProblems(HttpSecurity http, ProblemResponses problems) throws Exception {
    http.exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable());
  }

  /** Bearer tokens' refusals as problem details, and a token that could not be checked as a 503 (ProblemResponses). */
  private static void bearerTokens(OAuth2ResourceServerConfigurer<HttpSecurity> server, ProblemResponses problems) {
    server.authenticationEntryPoint(problems).accessDeniedHandler(problems)
        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
          @Override
          public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
            filter.setAuthenticationFailureHandler(problems);
            return filter;
          }
        });
  }

  /** A token's roles claim as Spring Security's ROLE_ authorities. */
  private static JwtAuthenticationConverter tokenRoles() {
    JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
    roles.setAuthoritiesClaimName(AccessTokens.ROLES);
    roles.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
    authentication.setJwtGrantedAuthoritiesConverter(roles);
    return authentication;
  }
}
