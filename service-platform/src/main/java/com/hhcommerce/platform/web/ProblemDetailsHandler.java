package com.hhcommerce.platform.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.hhcommerce.platform.domain.DomainRefusal;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error a client can cause becomes a 4xx problem detail that names the offending field;
 * only a fault of ours is a 500, and it never leaks internals.
 */
@RestControllerAdvice
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    return problem(problem.status(), problem.type(), problem.getMessage(), problem.properties());
  }

  /** The one place where a domain refusal gets its HTTP status. */
  @ExceptionHandler(DomainRefusal.class)
  ResponseEntity<ProblemDetail> domainRefusal(DomainRefusal refusal) {
    HttpStatus status = switch (refusal.kind()) {
      case UNKNOWN -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case RULE_VIOLATED -> HttpStatus.UNPROCESSABLE_ENTITY;
    };
    return problem(status, refusal.code(), refusal.getMessage(), refusal.facts());
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail, Map<String, Object> properties) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:problem:hh-commerce:" + type));
    properties.forEach(problem::setProperty);
    return ResponseEntity.status(status).body(problem);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
    List<Map<String, String>> errors = e.getConstraintViolations().stream()
        .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
        .toList();
    return ResponseEntity.badRequest().body(invalid(errors));
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> dataIntegrity(DataIntegrityViolationException e) {
    log.info("Request rejected by a database constraint: {}", e.getMostSpecificCause().getMessage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        "The request conflicts with existing data");
    problem.setType(URI.create("urn:problem:hh-commerce:conflict"));
    return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected error", e);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "An unexpected error occurred; it has been logged");
    return ResponseEntity.internalServerError().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
        .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
        .collect(Collectors.toList());
    e.getBindingResult().getGlobalErrors()
        .forEach(g -> errors.add(Map.of("field", g.getObjectName(), "message", String.valueOf(g.getDefaultMessage()))));
    return ResponseEntity.badRequest().body(invalid(errors));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this endpoint");
    problem.setType(URI.create("urn:problem:hh-commerce:malformed-body"));
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      problem.setProperty("field", field);
      problem.setDetail(mapping instanceof UnrecognizedPropertyException
          ? "Unknown field '%s'".formatted(field)
          : "Field '%s' has a value of the wrong type or out of range".formatted(field));
    }
    return ResponseEntity.badRequest().body(problem);
  }

  private static ProblemDetail invalid(List<Map<String, String>> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "Invalid request: " + errors.stream().map(m -> m.get("field") + " " + m.get("message")).collect(Collectors.joining("; ")));
    problem.setType(URI.create("urn:problem:hh-commerce:invalid-request"));
    problem.setProperty("errors", errors);
    return problem;
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
