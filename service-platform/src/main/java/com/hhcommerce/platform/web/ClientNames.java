package com.hhcommerce.platform.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Arrays;

/** A handler parameter by the name the client sends: the header's, query parameter's or path variable's, not the Java one. */
final class ClientNames {

  private ClientNames() {
  }

  static String of(MethodParameter parameter) {
    String java = parameter.getParameter().getName();
    RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
    if (header != null) {
      return firstNonEmpty(header.name(), header.value(), java);
    }
    RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
    if (param != null) {
      return firstNonEmpty(param.name(), param.value(), java);
    }
    PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
    if (path != null) {
      return firstNonEmpty(path.name(), path.value(), java);
    }
    return java;
  }

  private static String firstNonEmpty(String... names) {
    return Arrays.stream(names).filter(n -> n != null && !n.isEmpty()).findFirst().orElseThrow();
  }
}
