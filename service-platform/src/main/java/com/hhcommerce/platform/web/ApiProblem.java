package com.hhcommerce.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** A business error that becomes an RFC 9457 problem detail: a status, a stable type slug, a sentence. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  public ApiProblem(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  public static ApiProblem notFound(String what, Object id) {
    return new ApiProblem(HttpStatus.NOT_FOUND, what + "-not-found", "%s %s does not exist".formatted(what, id))
        .with(camelCase(what) + "Id", id);
  }

  public static ApiProblem conflict(String type, String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, type, detail);
  }

  public static ApiProblem unprocessable(String type, String detail) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, type, detail);
  }

  private static String camelCase(String kebab) {
    StringBuilder out = new StringBuilder();
    for (String part : kebab.split("-")) {
      out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }

  public ApiProblem with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  public HttpStatus status() {
    return status;
  }

  ProblemDetail toProblemDetail() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(URI.create("urn:problem:hh-commerce:" + type));
    properties.forEach(problem::setProperty);
    return problem;
  }
}
