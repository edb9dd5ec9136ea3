package com.hhcommerce.platform.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.messaging.ResilientMessageHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every error a client can cause, ours or the framework's, becomes a 4xx problem detail with our type URI
 * that names the offending field, parameter or header as the client spelled it (and, for an enum, the
 * values allowed); only a fault of ours is a 500, and it never leaks internals.
 */
@RestControllerAdvice
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

  public static final String TYPE_PREFIX = "urn:problem:hh-commerce:";
  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<Object> apiProblem(ApiProblem problem) {
    return respond(problem(problem.status(), problem.type(), problem.getMessage(), problem.properties()), new HttpHeaders());
  }

  /** The one place where a domain refusal gets its HTTP status. */
  @ExceptionHandler(DomainRefusal.class)
  ResponseEntity<Object> domainRefusal(DomainRefusal refusal) {
    HttpStatus status = switch (refusal.kind()) {
      case UNKNOWN -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case RULE_VIOLATED -> HttpStatus.UNPROCESSABLE_ENTITY;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
    };
    HttpHeaders headers = new HttpHeaders();
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    refusal.retryAfter().ifPresent(after -> headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, after.toSeconds()))));
    return respond(problem(status, refusal.code(), refusal.getMessage(), refusal.facts()), headers);
  }

  /** A unique key is a conflict; any other refusal of the database is a value it cannot store, not a conflict. */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<Object> dataIntegrity(DataIntegrityViolationException e) {
    if (e instanceof DuplicateKeyException) {
      log.info("Request rejected by a unique key: {}", e.getMostSpecificCause().getMessage());
      return respond(problem(HttpStatus.CONFLICT, "conflict", "The request conflicts with existing data", Map.of()), new HttpHeaders());
    }
    log.warn("Request rejected by the database (a validation rule is missing): {}", e.getMostSpecificCause().getMessage());
    return respond(problem(HttpStatus.BAD_REQUEST, "value-not-storable",
        "A value of the request is outside what can be stored", Map.of()), new HttpHeaders());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    if (ResilientMessageHandling.isTransient(e)) {
      // the database unreachable, or a lock conflict that outlasted LockConflictRetry: nothing was changed, try again
      log.warn("Request failed on a transient failure: {}", String.valueOf(e));
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, "1");
      return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
          "The service cannot complete the request for now; nothing was changed, try again", Map.of()), headers);
    }
    log.error("Unexpected error", e);
    return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
        "An unexpected error occurred; it has been logged", Map.of()), new HttpHeaders());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = new ArrayList<>();
    addBodyErrors(e.getBindingResult(), errors);
    return respond(invalid(errors), headers);
  }

  /**
   * Constraints on parameters, headers and the body of one call, checked by Spring MVC's own method validation
   * (controllers are not @Validated proxies, so the failing parameter comes with its annotations).
   */
  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = new ArrayList<>();
    e.getParameterValidationResults().forEach(result -> {
      if (result instanceof ParameterErrors bodyErrors) {
        addBodyErrors(bodyErrors, errors);
      } else {
        String name = ClientNames.of(result.getMethodParameter());
        result.getResolvableErrors().forEach(r -> errors.add(error(name, r.getDefaultMessage())));
      }
    });
    return respond(invalid(errors), headers);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                      WebRequest request) {
    String name = e instanceof MethodArgumentTypeMismatchException m ? ClientNames.of(m.getParameter()) : e.getPropertyName();
    Class<?> type = e.getRequiredType();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("parameter", name);
    allowedValues(type).ifPresent(allowed -> facts.put("allowed", allowed));
    // a parameter or header sent twice arrives as an array: say what was sent, not the array's identity
    Object sent = e.getValue() instanceof Object[] values ? String.join(", ", Arrays.stream(values).map(String::valueOf).toList()) : e.getValue();
    return respond(problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "%s must be %s, not '%s'"
        .formatted(name, describe(type), sent), facts), headers);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                        HttpHeaders headers, HttpStatusCode status,
                                                                        WebRequest request) {
    return respond(problem(HttpStatus.BAD_REQUEST, "missing-parameter", "The query parameter %s is required"
        .formatted(e.getParameterName()), Map.of("parameter", e.getParameterName())), headers);
  }

  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException e, HttpHeaders headers,
                                                                        HttpStatusCode status, WebRequest request) {
    if (e instanceof MissingRequestHeaderException missing) {
      return respond(problem(HttpStatus.BAD_REQUEST, "missing-header", "The header %s is required"
          .formatted(missing.getHeaderName()), Map.of("header", missing.getHeaderName())), headers);
    }
    return respond(problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), Map.of()), headers);
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e, HttpHeaders headers,
                                                                       HttpStatusCode status, WebRequest request) {
    List<String> allowed = e.getSupportedHttpMethods() == null ? List.of()
        : e.getSupportedHttpMethods().stream().map(Object::toString).sorted().toList();
    return respond(problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "%s is not allowed here; allowed: %s"
        .formatted(e.getMethod(), String.join(", ", allowed)), Map.of("method", e.getMethod(), "allowed", allowed)), headers);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
                                                                   HttpStatusCode status, WebRequest request) {
    // what the API reads, not what Spring's converters would (application/*+json, which RequestBodyGate refuses)
    List<String> supported = RequestBodyGate.SUPPORTED;
    String sent = e.getContentType() == null ? "none" : e.getContentType().toString();
    return respond(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Content-Type %s is not accepted here; send %s"
        .formatted(sent, String.join(" or ", supported)), Map.of("header", "Content-Type", "supported", supported)), headers);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
    List<String> supported = e.getSupportedMediaTypes().stream().map(MediaType::toString).toList();
    return respond(problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "This resource is available as %s"
        .formatted(String.join(" or ", supported)), Map.of("header", "Accept", "supported", supported)), headers);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
    String path = "/" + e.getResourcePath();
    return respond(problem(HttpStatus.NOT_FOUND, "no-such-endpoint", "There is no endpoint %s %s"
        .formatted(e.getHttpMethod(), path), Map.of("path", path)), headers);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                HttpStatusCode status, WebRequest request) {
    Throwable cause = e.getCause();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof RequestBodyGate.BodyRefused refused) {
        refused.headers().forEach(headers::set);
        return respond(refused.problem(), headers);
      }
    }
    if (endsTooEarly(cause)) {
      return respond(problem(HttpStatus.BAD_REQUEST, "malformed-body", "The request body is empty or not complete JSON (it ends too early)",
          Map.of()), headers);
    }
    JsonParseException parse = parseError(cause);
    if (parse != null) {
      Optional<String> duplicate = duplicateField(parse);
      if (duplicate.isPresent()) {
        return respond(problem(HttpStatus.BAD_REQUEST, "duplicate-field", "Field '%s' appears twice".formatted(duplicate.get()),
            Map.of("field", duplicate.get())), headers);
      }
      return respond(problem(HttpStatus.BAD_REQUEST, "malformed-body", "The request body is not valid JSON at line %d, column %d"
          .formatted(parse.getLocation().getLineNr(), parse.getLocation().getColumnNr()), Map.of()), headers);
    }
    if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      if (mapping instanceof StrictJson.UnacceptableCharacter character) {
        return respond(problem(HttpStatus.BAD_REQUEST, "invalid-field", ("Field '%s' contains %s at position %d: no control characters "
            + "(other than tab and line breaks) and no lone surrogates").formatted(field, character.character(), character.position()),
            Map.of("field", field, "character", character.character(), "position", character.position())), headers);
      }
      if (mapping instanceof UnrecognizedPropertyException) {
        return respond(problem(HttpStatus.BAD_REQUEST, "unknown-field", "Unknown field '%s'".formatted(field),
            Map.of("field", field)), headers);
      }
      Class<?> type = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("field", field);
      allowedValues(type).ifPresent(allowed -> facts.put("allowed", allowed));
      String sent = mapping instanceof InvalidFormatException invalid ? " (got " + jsonValue(invalid.getValue()) + ")" : "";
      return respond(problem(HttpStatus.BAD_REQUEST, "invalid-field", "Field '%s' must be %s%s".formatted(field, describe(type), sent),
          facts), headers);
    }
    return respond(problem(HttpStatus.BAD_REQUEST, "malformed-body", "The request body is not valid JSON for this endpoint", Map.of()),
        headers);
  }

  /** Anything else the framework answers with a bare problem gets our type URI, named after its status. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers, HttpStatusCode status,
                                                           WebRequest request) {
    if (body instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
      HttpStatus known = HttpStatus.resolve(status.value());
      problem.setType(URI.create(TYPE_PREFIX + (known == null ? "error-" + status.value()
          : known.name().toLowerCase().replace('_', '-'))));
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
    HttpHeaders all = new HttpHeaders();
    all.putAll(headers);
    all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(problem.getStatus()).headers(all).body(problem);
  }

  private static ProblemDetail problem(HttpStatus status, String type, String detail, Map<String, ?> properties) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + type));
    properties.forEach(problem::setProperty);
    return problem;
  }

  private static ProblemDetail invalid(List<Map<String, String>> errors) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request",
        "Invalid request: " + errors.stream().map(m -> m.get("field") + " " + m.get("message")).collect(Collectors.joining("; ")),
        Map.of());
    problem.setProperty("errors", errors);
    return problem;
  }

  /** A body's errors by field path as the client sent it (e.g. items[1].productOptionId), and its object-level ones. */
  private static void addBodyErrors(Errors body, List<Map<String, String>> errors) {
    body.getFieldErrors().forEach(f -> errors.add(error(f.getField(), f.getDefaultMessage())));
    body.getGlobalErrors().forEach(g -> errors.add(error(g.getObjectName(), g.getDefaultMessage())));
  }

  private static Map<String, String> error(String field, String message) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", String.valueOf(message));
    return error;
  }

  /** A syntax error (a duplicated key among them), also when Jackson wrapped it in the mapping error of a field. */
  private static JsonParseException parseError(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException parse) {
        return parse;
      }
    }
    return null;
  }

  /** Truncated or empty input: Jackson reports an end of input, sometimes inside a mapping error of the last field read. */
  private static boolean endsTooEarly(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof JsonEOFException) {
        return true;
      }
      if (t instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()
          && mismatch.getOriginalMessage().contains("end-of-input")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> duplicateField(JsonParseException e) {
    JsonParser parser = e.getProcessor();
    if (parser == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
      return Optional.empty();
    }
    String name = parser.getParsingContext().getCurrentName();
    String path = parser.getParsingContext().getParent() == null ? "" : parser.getParsingContext().getParent().pathAsPointer().toString();
    String prefix = path.isEmpty() ? "" : path.substring(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.') + ".";
    return Optional.ofNullable(name).map(n -> (prefix + n).replace(".[", "["));
  }

  private static Optional<List<String>> allowedValues(Class<?> type) {
    return type != null && type.isEnum()
        ? Optional.of(Arrays.stream(type.getEnumConstants()).map(Object::toString).toList())
        : Optional.empty();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isEnum()) {
      return "one of " + allowedValues(type).orElseThrow();
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
        || type == short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant such as 2030-01-31T23:59:59Z";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String jsonValue(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}
