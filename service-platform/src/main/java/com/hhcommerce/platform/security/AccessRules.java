package com.hhcommerce.platform.security;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own rules of who may call which of its endpoints, by role ({@link AccessTokens.Role}); the platform
 * adds the common ones (health and the API description open, the rest of actuator for operators, anything else
 * signed in). Whose resource it is (a customer's own order, cart, ledger) is checked by the service itself with
 * {@link Caller}, so that another customer's resource answers 404 like one that does not exist.
 */
@FunctionalInterface
public interface AccessRules {

  void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests);
}
