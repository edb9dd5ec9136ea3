package com.hhcommerce.platform.domain;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request that the domain refuses, with a stable code (e.g. {@code coupon-sold-out}), a sentence for
 * people and named facts (e.g. {@code stock}). Domain code throws it without knowing HTTP; the web layer
 * maps each {@link Kind} to one status.
 */
public class DomainRefusal extends RuntimeException {

  /** Why the request is refused. */
  public enum Kind {
    /** The thing the request names does not exist. */
    UNKNOWN,
    /** The current state does not allow it (sold out, already in progress, already ended). */
    CONFLICT,
    /** The request breaks a rule of the domain however often it is sent (a period that ends before it starts). */
    RULE_VIOLATED,
    /** Something the domain needs to decide is down: the same request may succeed later (see retryAfter). */
    UNAVAILABLE,
    /** The caller could not be identified (wrong or missing credentials). */
    UNAUTHENTICATED,
    /** The caller asked too often: the same request may succeed later (see retryAfter). */
    TOO_MANY_REQUESTS,
    /** The caller is known and may not do this. */
    FORBIDDEN
  }

  private final Kind kind;
  private final String code;
  private final Map<String, Object> facts = new LinkedHashMap<>();
  private Duration retryAfter;

  public DomainRefusal(Kind kind, String code, String detail) {
    super(detail);
    this.kind = kind;
    this.code = code;
  }

  /** "{what} {id} does not exist", with the id as fact {@code <what in camel case>Id}. */
  public static DomainRefusal unknown(String what, Object id) {
    return new DomainRefusal(Kind.UNKNOWN, what + "-not-found", "%s %s does not exist".formatted(what, id))
        .with(camelCase(what) + "Id", id);
  }

  /**
   * The request's field {@code field} names a {what} that does not exist: the request is wrong, not its
   * address, so 422 rather than 404; the field is named as the client spelled it.
   */
  public static DomainRefusal unknownReference(String field, String what, Object id) {
    return new DomainRefusal(Kind.RULE_VIOLATED, "unknown-" + what, "%s %s does not exist".formatted(what, id))
        .with("field", field).with(field, id);
  }

  public static DomainRefusal unavailable(String code, String detail, Duration retryAfter) {
    return new DomainRefusal(Kind.UNAVAILABLE, code, detail).retryAfter(retryAfter);
  }

  public static DomainRefusal unauthenticated(String code, String detail) {
    return new DomainRefusal(Kind.UNAUTHENTICATED, code, detail);
  }

  public static DomainRefusal tooManyRequests(String code, String detail, Duration retryAfter) {
    return new DomainRefusal(Kind.TOO_MANY_REQUESTS, code, detail).retryAfter(retryAfter);
  }

  public static DomainRefusal forbidden(String code, String detail) {
    return new DomainRefusal(Kind.FORBIDDEN, code, detail);
  }

  public static DomainRefusal conflict(String code, String detail) {
    return new DomainRefusal(Kind.CONFLICT, code, detail);
  }

  public static DomainRefusal ruleViolated(String code, String detail) {
    return new DomainRefusal(Kind.RULE_VIOLATED, code, detail);
  }

  public DomainRefusal with(String name, Object value) {
    facts.put(name, value);
    return this;
  }

  /** The refusal is temporary: the same request may succeed after this long. */
  public DomainRefusal retryAfter(Duration wait) {
    this.retryAfter = wait;
    return this;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> facts() {
    return Collections.unmodifiableMap(facts);
  }

  private static String camelCase(String kebab) {
    StringBuilder out = new StringBuilder();
    for (String part : kebab.split("-")) {
      out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }
}
