package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input generated from each service's own OpenAPI description, so that a new endpoint or field is
 * covered without writing a case: for every request body, a valid body is built from its schema and then
 * broken one field at a time (a fraction, a string and a huge value for a number; a number and a value one
 * character too long, in Hangul, for a string; an unknown value or a number for an enum; an instant out of
 * range, not an instant, or a number), and as a whole (a duplicated key, malformed
 * and truncated JSON). Every broken request gets a 4xx problem that names the field, none a 5xx, and no
 * row of any service changes.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class OpenApiBadInputIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final HttpClient http = ContractCheck.checking(HttpClient.newHttpClient());
  private final String supportAuthorization = StackHttp.supportAuthorization();
  private final Shop shop = new Shop();
  private Long customer;

  private record Mutation(String name, String field, String body, boolean namesField) {
  }

  /** What a client might send a body as: each a service reads must hold the body to the same rules, the rest get a 415. */
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json;charset=UTF-8",
      "application/merge-patch+json", "application/vnd.hh-commerce+json", "application/yaml", "application/x-yaml", "text/yaml",
      "application/xml", "text/xml", "text/plain", "application/cbor", "application/x-jackson-smile",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream");

  @ParameterizedTest
  // ranking-service's one endpoint takes no body (BadInputIT sends it bad parameters)
  @EnumSource(value = Service.class, mode = EnumSource.Mode.EXCLUDE, names = {"RANKING", "RELAY"})
  void everyFieldOfEveryBodyRefusesWhatItMustNotTake(Service service) throws Exception {
    JsonNode docs = OpenApiDocs.of(service).json();
    if (service == Service.ORDER) {
      customer = shop.customerWithPoints(0);
      shop.customer(customer).authorization();
    }
    Map<String, Long> before = BadInputIT.rowCounts();
    List<String> wrong = new ArrayList<>();
    int sent = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
        if (schema.isMissingNode()) {
          continue;
        }
        String url = RealStack.url(service) + path.getKey().replaceAll("\\{[^}]+}", "987654321");
        JsonNode valid = example(docs, schema);
        List<String> accepted = new ArrayList<>();
        for (String type : CONTENT_TYPES) {
          HttpResponse<String> probe = send(op.getKey().toUpperCase(), url, type, "{\"zzNoSuchField\":1}");
          sent++;
          if (probe.statusCode() != 415) {
            accepted.add(type);
          }
        }
        if (!accepted.stream().allMatch(type -> type.matches("application/([a-z.-]+\\+)?json(;.*)?"))) {
          wrong.add("%s %s reads a body as %s: only JSON is described".formatted(op.getKey().toUpperCase(), path.getKey(), accepted));
        }
        for (String type : accepted) for (Mutation mutation : mutations(docs, schema, valid)) {
          HttpResponse<String> response = send(op.getKey().toUpperCase(), url, type, mutation.body());
          sent++;
          String problem = "%s %s as %s, %s: %d %s".formatted(op.getKey().toUpperCase(), path.getKey(), type, mutation.name(),
              response.statusCode(), response.body());
          boolean isProblem = response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
          if (response.statusCode() < 400 || response.statusCode() >= 500 || !isProblem) {
            wrong.add(problem);
          } else if (mutation.namesField() && !names(response.body(), mutation.field())) {
            wrong.add(problem + " (does not name " + mutation.field() + ")");
          }
        }
      }
    }
    assertThat(wrong).as("answers to bad input").isEmpty();
    assertThat(sent).as("bad requests generated for %s", service).isGreaterThanOrEqualTo(service == Service.ORDER ? 20 : 10);
    assertThat(BadInputIT.rowCounts()).as("no bad request changed a row").isEqualTo(before);
  }

  /** A body the schema accepts: every property, with a plain value of its type. */
  private static JsonNode example(JsonNode docs, JsonNode schema) {
    JsonNode resolved = resolve(docs, schema);
    String type = resolved.path("type").asText("object");
    if (resolved.has("enum")) {
      return resolved.get("enum").get(0);
    }
    return switch (type) {
      case "integer", "number" -> NODES.numberNode(Math.max(1, resolved.path("minimum").asLong(1)));
      case "boolean" -> NODES.booleanNode(true);
      case "string" -> "date-time".equals(resolved.path("format").asText()) ? NODES.textNode("2030-01-01T00:00:00Z")
          : NODES.textNode("x".repeat(Math.max(1, resolved.path("minLength").asInt(1))));
      case "array" -> NODES.arrayNode().add(example(docs, resolved.path("items")));
      default -> {
        ObjectNode object = NODES.objectNode();
        resolved.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(), example(docs, p.getValue())));
        yield object;
      }
    };
  }

  private static List<Mutation> mutations(JsonNode docs, JsonNode schema, JsonNode valid) throws Exception {
    List<Mutation> mutations = new ArrayList<>();
    String text = JSON.writeValueAsString(valid);
    if (valid.isObject() && valid.size() > 0) {
      String first = valid.fieldNames().next();
      String duplicated = "{" + JSON.writeValueAsString(first) + ":" + JSON.writeValueAsString(valid.get(first)) + "," + text.substring(1);
      mutations.add(new Mutation("duplicated key " + first, first, duplicated, true));
    }
    mutations.add(new Mutation("malformed JSON", null, text.replaceFirst(":", "::"), false));
    mutations.add(new Mutation("truncated JSON", null, text.substring(0, text.length() / 2), false));
    fields(docs, schema, valid, "", (field, property) -> {
      String type = property.path("type").asText();
      if (property.has("enum")) {
        put(mutations, valid, field, "an unknown value", NODES.textNode("NO_SUCH_VALUE"));
        put(mutations, valid, field, "a number", NODES.numberNode(1));
      } else if (type.equals("integer")) {
        put(mutations, valid, field, "a fraction", NODES.numberNode(1.5));
        put(mutations, valid, field, "a string", NODES.textNode("1"));
        put(mutations, valid, field, "a huge value", NODES.numberNode(new java.math.BigInteger("100000000000000000000")));
      } else if (type.equals("string") && "date-time".equals(property.path("format").asText())) {
        put(mutations, valid, field, "an instant after 9999", NODES.textNode("+10000-01-01T00:00:00Z"));
        put(mutations, valid, field, "an instant before 1970", NODES.textNode("1900-01-01T00:00:00Z"));
        put(mutations, valid, field, "not an instant", NODES.textNode("soon"));
        put(mutations, valid, field, "a number", NODES.numberNode(1_900_000_000));
      } else if (type.equals("string")) {
        put(mutations, valid, field, "a number", NODES.numberNode(123));
        // written as JSON escapes: a lone surrogate has no UTF-8 form to send it in
        put(mutations, valid, field, "a lone surrogate", NODES.textNode(ESCAPED + "a\\ud800b"));
        put(mutations, valid, field, "a NUL character", NODES.textNode(ESCAPED + "a\\u0000b"));
        if (property.has("maxLength")) {
          put(mutations, valid, field, "one character too many", NODES.textNode("셔".repeat(property.get("maxLength").asInt() + 1)));
        }
      }
    });
    return mutations;
  }

  /** Every leaf field of the body (list elements as [0]) with its resolved schema. */
  private static void fields(JsonNode docs, JsonNode schema, JsonNode valid, String prefix,
                             java.util.function.BiConsumer<String, JsonNode> visit) {
    JsonNode resolved = resolve(docs, schema);
    resolved.path("properties").fields().forEachRemaining(p -> {
      JsonNode property = resolve(docs, p.getValue());
      String field = prefix + p.getKey();
      if ("array".equals(property.path("type").asText())) {
        JsonNode items = resolve(docs, property.path("items"));
        if ("object".equals(items.path("type").asText("object")) && items.has("properties")) {
          fields(docs, items, valid, field + "[0].", visit);
        } else {
          visit.accept(field + "[0]", items);
        }
      } else if (property.has("properties")) {
        fields(docs, property, valid, field + ".", visit);
      } else {
        visit.accept(field, property);
      }
    });
  }

  /** The valid body with one field replaced, by its path such as items[0].quantity. */
  private static void put(List<Mutation> mutations, JsonNode valid, String field, String what, JsonNode value) {
    JsonNode copy = valid.deepCopy();
    String[] steps = field.replace("[0]", ".0").split("\\.");
    JsonNode parent = copy;
    for (int i = 0; i < steps.length - 1; i++) {
      parent = steps[i].equals("0") ? parent.get(0) : parent.get(steps[i]);
    }
    String last = steps[steps.length - 1];
    if (last.equals("0")) {
      ((ArrayNode) parent).set(0, value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
    try {
      String body = JSON.writeValueAsString(copy);
      int escaped = body.indexOf(ESCAPED);
      if (escaped >= 0) {
        body = body.substring(0, escaped) + body.substring(escaped + ESCAPED.length()).replace("\\\\u", "\\u");
      }
      mutations.add(new Mutation(field + " " + what, field, body, true));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode resolve(JsonNode docs, JsonNode schema) {
    JsonNode current = schema;
    while (current.has("$ref")) {
      current = docs.at(current.get("$ref").asText().substring(1));
    }
    return current;
  }

  /** The problem names the field: as its field, or among its errors (a rule on the field's element names it too). */
  private static boolean names(String body, String field) throws Exception {
    JsonNode problem = JSON.readTree(body);
    List<String> named = new ArrayList<>();
    if (problem.has("field")) {
      named.add(problem.get("field").asText());
    }
    problem.path("errors").forEach(e -> named.add(e.path("field").asText()));
    String bare = field.replace("[0]", "");
    return named.stream().anyMatch(n -> n.equals(field) || n.replace("[0]", "").equals(bare) || n.startsWith(field + "."));
  }

  /** Marks a text value whose escapes are to be sent as written (see put). */
  private static final String ESCAPED = "<escaped>";

  private HttpResponse<String> send(String method, String url, String type, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    // signed in as whom the endpoint is for, so that the input itself is what gets refused: a customer places orders
    if (url.contains("/support/")) {
      request.header("Authorization", supportAuthorization);
    } else if (method.equals("POST") && url.endsWith("/orders")) {
      request.header("Authorization", shop.customer(customer).authorization());
    } else {
      request.header("Authorization", shop.http().authorization());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
