package com.hhcommerce.platform.web.docs;

import com.hhcommerce.platform.security.AccessTokens.Role;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.FilterInvocation;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AuthorizationManagerWebInvocationPrivilegeEvaluator.HttpServletRequestTransformer;
import org.springframework.security.web.access.HandlerMappingIntrospectorRequestTransformer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Who may call each operation, as the description says it, read from the very security filter chains that decide it
 * (the platform's rules, each service's {@code AccessRules}, a service's own chain such as the support API's): each
 * operation is put to the first chain that takes its path, as nobody and as each {@link Role}. An operation nobody may
 * call without signing in requires that chain's scheme (a bearer token, or HTTP Basic) and documents 401; one that a
 * role may not call documents 403 too. An operation open to anyone requires nothing ({@code security: []}); behind the
 * bearer scheme it still documents 401, which a token that is sent but not valid gets.
 */
final class AccessDocumentation implements OpenApiCustomizer {

  static final String BEARER = "bearer";
  static final String BASIC = "basic";

  private static final Authentication NOBODY = new AnonymousAuthenticationToken("api-documentation", "anonymous",
      AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

  private final ObjectProvider<SecurityFilterChain> chains;
  private final ObjectProvider<HandlerMappingIntrospector> introspector;
  private final ObjectProvider<ServletContext> servletContext;
  private final BiFunction<Integer, String, ApiResponse> problem;

  AccessDocumentation(ObjectProvider<SecurityFilterChain> chains, ObjectProvider<HandlerMappingIntrospector> introspector,
                      ObjectProvider<ServletContext> servletContext, BiFunction<Integer, String, ApiResponse> problem) {
    this.chains = chains;
    this.introspector = introspector;
    this.servletContext = servletContext;
    this.problem = problem;
  }

  /** What the chains say of one operation. */
  record Access(Optional<String> scheme, boolean open, boolean roleMayBeRefused) {
  }

  @Override
  public void customise(OpenAPI openApi) {
    Components components = openApi.getComponents() != null ? openApi.getComponents() : openApi.components(new Components()).getComponents();
    components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
        .description("An access token from customer-wallet-service's POST /auth/tokens: Authorization: Bearer <token>"));
    if (openApi.getPaths() == null) {
      return;
    }
    List<SecurityFilterChain> ordered = chains.orderedStream().toList();
    openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
        document(operation, access(ordered, method, path), components)));
  }

  private void document(Operation operation, Access access, Components components) {
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    if (access.open()) {
      operation.setSecurity(List.of());
      if (access.scheme().filter(BEARER::equals).isPresent()) {
        responses.putIfAbsent("401", problem.apply(401, "Only for a token that is sent and not valid: this operation needs none"));
      }
    } else {
      String scheme = access.scheme().map(s -> BASIC.equals(s) ? basicScheme(components) : s).orElseThrow();
      operation.setSecurity(List.of(new SecurityRequirement().addList(scheme)));
      responses.putIfAbsent("401", problem.apply(401, BASIC.equals(access.scheme().get())
          ? "No or wrong credentials (HTTP Basic)" : "No access token, or one that is not valid (expired, of a closed account, ...)"));
      if (access.roleMayBeRefused()) {
        responses.putIfAbsent("403", problem.apply(403, "The account's role may not do this"));
      }
    }
    // statuses in order, as the rest of the description lists them
    Map<String, ApiResponse> sorted = new TreeMap<>(responses);
    responses.clear();
    sorted.forEach(responses::addApiResponse);
    operation.setResponses(responses);
  }

  /** The service's own HTTP Basic scheme if it declares one (with its description), else a plain one. */
  private static String basicScheme(Components components) {
    Map<String, SecurityScheme> schemes = components.getSecuritySchemes();
    return schemes.entrySet().stream()
        .filter(s -> s.getValue().getType() == SecurityScheme.Type.HTTP && "basic".equalsIgnoreCase(s.getValue().getScheme()))
        .map(Map.Entry::getKey).findFirst()
        .orElseGet(() -> {
          components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"));
          return BASIC;
        });
  }

  /** Asks the first chain that takes the operation's path (its variables filled in) who may call it. */
  Access access(List<SecurityFilterChain> ordered, PathItem.HttpMethod method, String pathTemplate) {
    HttpServletRequest request = request(method.name(), pathTemplate.replaceAll("\\{[^}/]+}", "1"));
    for (SecurityFilterChain chain : ordered) {
      if (!chain.matches(request)) {
        continue;
      }
      List<Filter> filters = chain.getFilters();
      Optional<String> scheme = filters.stream().anyMatch(BearerTokenAuthenticationFilter.class::isInstance) ? Optional.of(BEARER)
          : filters.stream().anyMatch(BasicAuthenticationFilter.class::isInstance) ? Optional.of(BASIC) : Optional.empty();
      Optional<AuthorizationManager<HttpServletRequest>> rules = filters.stream().filter(AuthorizationFilter.class::isInstance)
          .map(f -> ((AuthorizationFilter) f).getAuthorizationManager()).findFirst();
      if (rules.isEmpty() || scheme.isEmpty()) {
        return new Access(scheme, true, false);
      }
      boolean open = granted(rules.get(), NOBODY, request);
      boolean refused = false;
      for (Role role : Role.values()) {
        Authentication signedIn = UsernamePasswordAuthenticationToken.authenticated("api-documentation", null,
            AuthorityUtils.createAuthorityList("ROLE_" + role.name()));
        refused |= !granted(rules.get(), signedIn, request);
      }
      return new Access(scheme, open, !open && refused);
    }
    return new Access(Optional.empty(), true, false);
  }

  private static boolean granted(AuthorizationManager<HttpServletRequest> rules, Authentication who, HttpServletRequest request) {
    AuthorizationResult result = rules.authorize(() -> who, request);
    return result != null && result.isGranted();
  }

  /** A request as the chains see one, matched as Spring MVC would match it (the rules' patterns are MVC patterns). */
  private HttpServletRequest request(String method, String path) {
    HttpServletRequest request = new FilterInvocation("", path, method, servletContext.getIfAvailable()).getHttpRequest();
    HandlerMappingIntrospector mvc = introspector.getIfAvailable();
    HttpServletRequestTransformer transformer = mvc == null ? HttpServletRequestTransformer.IDENTITY : new HandlerMappingIntrospectorRequestTransformer(mvc);
    return transformer.transform(request);
  }
}
