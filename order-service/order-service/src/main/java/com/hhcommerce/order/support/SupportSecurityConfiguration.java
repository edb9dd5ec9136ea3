package com.hhcommerce.order.support;

import com.hhcommerce.platform.security.AccessRules;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;

/**
 * /support/** needs the SUPPORT role over HTTP Basic; the console's static page is open; everything else is the
 * platform's bearer-token API. The account comes from hh.support.username/password; a password
 * given as {bcrypt}... is used as such, and then costs a bcrypt check per request. Without a password no one can use
 * the support API.
 * <p>
 * No sessions and no cookies: the console page sends the Authorization header itself, so a browser never
 * holds ambient credentials a forged cross-site request could use; actions also require a JSON body.
 */
@Configuration
class SupportSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SupportSecurityConfiguration.class);
  static final String ROLE = "SUPPORT";

  @Bean
  UserDetailsService supportAccounts(@Value("${hh.support.username:support}") String username,
                                     @Value("${hh.support.password:}") String password) {
    InMemoryUserDetailsManager accounts = new InMemoryUserDetailsManager();
    if (password.isBlank()) {
      log.warn("hh.support.password (HH_SUPPORT_PASSWORD) is not set: the support API refuses everyone");
    } else {
      String encoded = password.startsWith("{") ? password : "{noop}" + password;
      accounts.createUser(User.withUsername(username).password(encoded).roles(ROLE).build());
    }
    // only the lookup: given a store that takes new hashes, Spring Security re-hashes a plain password with bcrypt at
    // the first sign-in, and from then on every Basic request pays a bcrypt check (~75 ms of CPU here)
    return accounts::loadUserByUsername;
  }

  @Bean
  @Order(1)
  SecurityFilterChain supportApi(HttpSecurity http) throws Exception {
    return http.securityMatcher("/support/**")
        .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(ROLE))
        .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
            problem(request, response, 401, "unauthorized", "The support API needs the support account (HTTP Basic)")))
        .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) ->
            problem(request, response, 403, "forbidden", "This account may not use the support API")))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .build();
  }

  /** The console's page and its sign-in hint: the page asks for the support account itself. */
  @Bean
  AccessRules consolePageRules() {
    return requests -> requests.requestMatchers(HttpMethod.GET, "/console/**").permitAll();
  }

  private static void problem(HttpServletRequest request, HttpServletResponse response, int status, String type,
                              String detail) throws IOException {
    if (status == 401 && request.getHeader("X-Requested-With") == null) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"hh-commerce support\"");
    }
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("""
        {"type":"urn:problem:hh-commerce:%s","title":"%s","status":%d,"detail":"%s","instance":"%s"}"""
        .formatted(type, status == 401 ? "Unauthorized" : "Forbidden", status, detail,
            request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"")));
  }
}
