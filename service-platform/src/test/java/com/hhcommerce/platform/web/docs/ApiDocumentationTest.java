package com.hhcommerce.platform.web.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.PlatformAutoConfiguration;
import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokens.Role;
import com.hhcommerce.platform.security.ApiSecurityAutoConfiguration;
import com.hhcommerce.platform.web.ProblemDetailsAutoConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The description says who may call what as the security rules decide it, on a real server: the rules of a service
 * ({@link AccessRules}), the platform's, and a chain of a service's own with HTTP Basic. The statuses the description
 * promises are the ones the server answers to nobody.
 */
@SpringBootTest(classes = ApiDocumentationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=things-service", "spring.config.import=classpath:hh-platform.properties",
        "hh.security.key-set-uri=http://127.0.0.1:1/jwks.json"})
class ApiDocumentationTest {

  @SpringBootConfiguration
  @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
      DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
      HttpMessageConvertersAutoConfiguration.class, ValidationAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
      PlatformAutoConfiguration.class, SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
      ApiSecurityAutoConfiguration.class, SpringDocConfiguration.class, SpringDocConfigProperties.class,
      SpringDocWebMvcConfiguration.class, ApiDocumentation.class})
  @Import({Things.class, Staff.class, StaffAccount.class})
  static class App {

    /** As a service declares its rules: the list is open, making a thing is the operator's, the rest signed in. */
    @Bean
    AccessRules thingRules() {
      return requests -> requests
          .requestMatchers(HttpMethod.GET, "/things").permitAll()
          .requestMatchers(HttpMethod.POST, "/things").hasRole(Role.OPERATOR.name());
    }

    /** A chain of the service's own, as order-service's support API: HTTP Basic and one role. */
    @Bean
    @Order(1)
    SecurityFilterChain staffChain(HttpSecurity http) throws Exception {
      return http.securityMatcher("/staff/**")
          .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(Role.SUPPORT.name()))
          .httpBasic(basic -> { })
          .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .csrf(csrf -> csrf.disable())
          .build();
    }
  }

  record Thing(String name) {
  }

  @RestController
  static class Things {

    @GetMapping("/things")
    List<Thing> list() {
      return List.of(new Thing("a"));
    }

    @Responses(success = 201)
    @PostMapping("/things")
    Thing create(@RequestBody Thing thing) {
      return thing;
    }

    /** Whose thing it is is the code's business: another's answers 404, the description declares no 403 for it. */
    @Responses(problems = 404)
    @GetMapping("/things/{id}")
    Thing get(@PathVariable long id) {
      return new Thing("thing " + id);
    }

    @GetMapping(path = "/things/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id) {
      return new SseEmitter();
    }
  }

  /** How a service names its own scheme, as order-service names the support account. */
  @Configuration(proxyBeanMethods = false)
  @SecurityScheme(name = "staff", type = SecuritySchemeType.HTTP, scheme = "basic")
  static class StaffAccount {
  }

  @RestController
  static class Staff {

    @GetMapping("/staff/things/{id}")
    Thing get(@PathVariable long id) {
      return new Thing("thing " + id);
    }
  }

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private JsonNode docs;

  @BeforeEach
  void readTheDescription() throws Exception {
    HttpResponse<String> response = send("GET", "/v3/api-docs", null);
    assertThat(response.statusCode()).as("the description is open: %s", response.body()).isEqualTo(200);
    docs = json.readTree(response.body());
  }

  @Test
  void declaresTheBearerSchemeAndThatOfAServicesOwnChain() {
    assertThat(docs.path("openapi").asText()).as("3.0, which contract validators read").startsWith("3.0");
    JsonNode bearer = docs.at("/components/securitySchemes/bearer");
    assertThat(bearer.path("type").asText()).isEqualTo("http");
    assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
    assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
    assertThat(docs.at("/components/securitySchemes/staff/scheme").asText()).as("the service's own, kept").isEqualTo("basic");
  }

  @Test
  void anOpenOperationRequiresNothingAndDocuments401OnlyForABadToken() throws Exception {
    JsonNode list = docs.at("/paths/~1things/get");
    assertThat(list.has("security")).as("%s", list).isTrue();
    assertThat(list.path("security")).as("security: [] overrides any default").isEmpty();
    assertThat(list.at("/responses/401/description").asText()).contains("not valid");
    assertThat(list.path("responses").has("403")).isFalse();
    assertThat(send("GET", "/things", null).statusCode()).as("open indeed").isEqualTo(200);
    assertThat(send("GET", "/things", "Bearer not.a.token").statusCode()).as("a bad token is refused even here").isEqualTo(401);
  }

  @Test
  void anOperationForOneRoleRequiresTheTokenAndDocuments401And403() throws Exception {
    JsonNode create = docs.at("/paths/~1things/post");
    assertThat(create.at("/security/0").has("bearer")).as("%s", create).isTrue();
    List<String> statuses = new java.util.ArrayList<>();
    create.path("responses").fieldNames().forEachRemaining(statuses::add);
    assertThat(statuses).contains("201", "400", "401", "403", "415", "500").isSorted();
    for (String status : List.of("401", "403")) {
      assertThat(create.at("/responses/" + status + "/content/application~1problem+json/schema/$ref").asText())
          .isEqualTo("#/components/schemas/Problem");
    }
    HttpResponse<String> nobody = send("POST", "/things", null);
    assertThat(nobody.statusCode()).isEqualTo(401);
    assertThat(nobody.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void anOperationForAnyoneSignedInDocuments401ButNo403() throws Exception {
    JsonNode get = docs.at("/paths/~1things~1{id}/get");
    assertThat(get.at("/security/0").has("bearer")).as("%s", get).isTrue();
    assertThat(get.path("responses").fieldNames()).toIterable().contains("401", "404").doesNotContain("403");
    assertThat(send("GET", "/things/1", null).statusCode()).isEqualTo(401);
  }

  @Test
  void anOperationBehindHttpBasicRequiresThatScheme() throws Exception {
    JsonNode get = docs.at("/paths/~1staff~1things~1{id}/get");
    assertThat(get.at("/security/0").has("staff")).as("the service's own basic scheme: %s", get).isTrue();
    assertThat(get.at("/security/0").has("bearer")).isFalse();
    assertThat(get.path("responses").fieldNames()).toIterable().contains("401", "403");
    assertThat(send("GET", "/staff/things/1", null).statusCode()).isEqualTo(401);
  }

  @Test
  void saysWhatMediaTypesAreSentAndThatAProblemsInstanceIsAPath() {
    assertThat(docs.at("/paths/~1things/get/responses/200/content").fieldNames()).toIterable().containsExactly("application/json");
    JsonNode events = docs.at("/paths/~1things~1{id}~1events/get/responses/200/content");
    assertThat(events.fieldNames()).toIterable().containsExactly("text/event-stream");
    assertThat(events.at("/text~1event-stream/schema/type").asText()).as("%s", events).isEqualTo("string");
    assertThat(docs.toString()).doesNotContain("*/*");
    JsonNode problem = docs.at("/components/schemas/Problem");
    assertThat(problem.at("/properties/instance/format").asText()).isEqualTo("uri-reference");
    assertThat(problem.path("additionalProperties").asBoolean()).as("field, parameter, ... beside RFC 9457's members").isTrue();
  }

  private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}") : HttpRequest.BodyPublishers.noBody());
    if (method.equals("POST")) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
