package com.hhcommerce.platform.web;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An error of the web layer itself (a request parameter it cannot read) that becomes an RFC 9457 problem
 * detail. What the domain refuses is a {@link com.hhcommerce.platform.domain.DomainRefusal} instead.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private Duration retryAfter;

  public ApiProblem(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  public static ApiProblem unprocessable(String type, String detail) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, type, detail);
  }

  /** A store or service this one depends on is down: the same request may succeed after {@code retryAfter}. */
  public static ApiProblem unavailable(String type, String detail, Duration retryAfter) {
    ApiProblem problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, type, detail);
    problem.retryAfter = retryAfter;
    return problem;
  }

  public ApiProblem with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  HttpStatus status() {
    return status;
  }

  String type() {
    return type;
  }

  Map<String, Object> properties() {
    return properties;
  }

  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
