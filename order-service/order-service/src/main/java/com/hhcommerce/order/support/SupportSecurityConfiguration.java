package com.hhcommerce.order.support;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * /support/** is for support staff's own accounts in the identity (role SUPPORT), with the platform's bearer tokens like
 * every other endpoint, so that the audit names the person. The console's page and its sign-in relay are open: the page
 * holds no data, and the relay only passes email and password on to the identity.
 * <p>
 * No sessions and no cookies: the page sends the Authorization header itself, so a browser never holds ambient
 * credentials a forged cross-site request could use.
 */
@Configuration
class SupportSecurityConfiguration {

  @Bean
  AccessRules supportRules() {
    return requests -> requests
        .requestMatchers(HttpMethod.GET, "/console/**").permitAll()
        .requestMatchers(HttpMethod.POST, ConsoleSignIn.PATH).permitAll()
        .requestMatchers("/support/**").hasRole(Role.SUPPORT.name());
  }
}
