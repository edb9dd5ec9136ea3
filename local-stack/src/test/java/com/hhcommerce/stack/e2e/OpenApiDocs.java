package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A running service's OpenAPI description (/v3/api-docs), and which operation a concrete call is. */
final class OpenApiDocs {

  private static final Map<Service, JsonNode> LOADED = new HashMap<>();

  private final JsonNode docs;

  private OpenApiDocs(JsonNode docs) {
    this.docs = docs;
  }

  static synchronized OpenApiDocs of(Service service) {
    return new OpenApiDocs(LOADED.computeIfAbsent(service, s -> {
      StackHttp.Response response = new StackHttp().get(RealStack.url(s) + "/v3/api-docs");
      if (response.status() != 200) {
        throw new IllegalStateException(s + " serves no OpenAPI description: " + response.status());
      }
      return response.body();
    }));
  }

  JsonNode json() {
    return docs;
  }

  /** The operation of a call such as GET /orders/42?x=1, if the description has one. */
  Optional<JsonNode> operation(String method, String pathAndQuery) {
    String path = pathAndQuery.split("\\?")[0];
    for (Iterator<Map.Entry<String, JsonNode>> it = docs.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String template = Pattern.quote(entry.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      if (path.matches(template) && entry.getValue().has(method.toLowerCase(Locale.ROOT))) {
        return Optional.of(entry.getValue().get(method.toLowerCase(Locale.ROOT)));
      }
    }
    return Optional.empty();
  }
}
