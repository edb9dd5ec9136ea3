package com.hhcommerce.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a query parameter that the endpoint does not read, naming it and the ones it does: a misspelt
 * filter or a paging style of another API (?limit=, ?offset=) would otherwise be ignored without a word.
 */
class KnownParameters implements HandlerInterceptor {

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().startsWith("com.hhcommerce")
        || request.getQueryString() == null) {
      return true;
    }
    Set<String> known = known(method);
    for (String name : UriComponentsBuilder.newInstance().query(request.getQueryString()).build().getQueryParams().keySet()) {
      if (!known.contains(name)) {
        throw new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-parameter", known.isEmpty()
            ? "Unknown query parameter '%s': this endpoint takes none".formatted(name)
            : "Unknown query parameter '%s': this endpoint takes %s".formatted(name, String.join(", ", known)))
            .with("parameter", name).with("allowed", List.copyOf(known));
      }
    }
    return true;
  }

  private static Set<String> known(HandlerMethod method) {
    Set<String> names = new LinkedHashSet<>();
    Arrays.stream(method.getMethodParameters()).forEach(parameter -> {
      if (parameter.hasParameterAnnotation(RequestParam.class)) {
        names.add(ClientNames.of(parameter));
      }
      if (parameter.getParameterType() == PageRequest.class) {
        names.add(PageRequestResolver.PAGE);
        names.add(PageRequestResolver.SIZE);
      }
    });
    return names;
  }
}
