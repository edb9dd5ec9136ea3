package com.hhcommerce.platform.web;

import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error of the web layer itself (a request parameter it cannot read) that becomes an RFC 9457 problem
 * detail. What the domain refuses is a {@link com.hhcommerce.platform.domain.DomainRefusal} instead.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  public ApiProblem(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  public static ApiProblem unprocessable(String type, String detail) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, type, detail);
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
}
