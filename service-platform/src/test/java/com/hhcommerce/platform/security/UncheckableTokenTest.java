package com.hhcommerce.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.PlatformAutoConfiguration;
import com.hhcommerce.platform.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that holds no keys yet while the identity cannot be reached answers a token it cannot check with a 503
 * problem (Spring Security's own answer is a 500), and a malformed token still with a 401; through the service's real
 * security filter chain, with the key set's address a port where nothing listens.
 */
class UncheckableTokenTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTokenThatCannotBeCheckedIsA503AndAMalformedOneStillA401() throws Exception {
    int nothingListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingListens = socket.getLocalPort();
    }
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
            WebMvcAutoConfiguration.class, SecurityAutoConfiguration.class, PlatformAutoConfiguration.class, ApiSecurityAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("hh.security.key-set-uri=http://127.0.0.1:" + nothingListens + "/.well-known/jwks.json",
            "hh.security.issuer=" + TestTokens.ISSUER, "hh.security.token-lifetime=PT15M", "hh.security.clock-skew=PT10S",
            "hh.security.key-set.connect-timeout=PT1S", "hh.security.key-set.read-timeout=PT1S", "hh.security.key-set.refresh=PT5M",
            "hh.security.key-set.unknown-key-interval=PT30S")
        .run(context -> {
          Filter security = context.getBean("springSecurityFilterChain", Filter.class);
          for (String path : new String[] {"/anything/1", "/actuator/prometheus"}) {
            Map.Entry<MockHttpServletResponse, JsonNode> uncheckable = call(security, path, "Bearer " + TestTokens.customer(1));
            assertThat(uncheckable.getKey().getStatus()).as(path).isEqualTo(503);
            assertThat(uncheckable.getKey().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(uncheckable.getKey().getHeader(HttpHeaders.RETRY_AFTER)).as(path).isNotBlank();
            assertThat(uncheckable.getValue().path("type").asText()).as(path).endsWith("temporarily-unavailable");

            Map.Entry<MockHttpServletResponse, JsonNode> malformed = call(security, path, "Bearer not.a.jwt");
            assertThat(malformed.getKey().getStatus()).as(path).isEqualTo(401);
            assertThat(malformed.getKey().getHeader(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Bearer");
          }
        });
  }

  private static Map.Entry<MockHttpServletResponse, JsonNode> call(Filter security, String path, String authorization) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setRequestURI(path);
    request.setServletPath(path);
    request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
    MockHttpServletResponse response = new MockHttpServletResponse();
    security.doFilter(request, response, new MockFilterChain());
    return Map.entry(response, body(response));
  }

  private static JsonNode body(MockHttpServletResponse response) throws IOException {
    return response.getContentAsByteArray().length == 0 ? JSON.nullNode() : JSON.readTree(response.getContentAsByteArray());
  }
}
