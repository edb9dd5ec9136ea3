package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's OpenAPI description says what the service really does: its name and version, success
 * statuses that are not all 200, a problem schema for every error, the constraints the code enforces and
 * the support account behind /support/**. BadInputIT checks that every status it provokes is documented.
 */
@ExtendWith(RealStack.class)
class ApiDocumentationIT {

  @ParameterizedTest
  @EnumSource(Service.class)
  void describesEveryOperationWithItsStatusesAndProblems(Service service) {
    JsonNode docs = OpenApiDocs.of(service).json();
    assertThat(docs.at("/info/title").asText()).isEqualTo(service.serviceName());
    assertThat(docs.at("/info/version").asText()).isNotBlank();
    List<String> wrong = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode responses = op.getValue().path("responses");
        String name = op.getKey().toUpperCase() + " " + path.getKey();
        if (!responses.has("400") || !responses.path("400").path("content").has("application/problem+json")) {
          wrong.add(name + " documents no 400 problem");
        }
        if (path.getKey().startsWith("/support") && (!responses.has("401") || !op.getValue().has("security"))) {
          wrong.add(name + " does not say it needs the support account");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void documentsTheSuccessStatusesAndConstraintsOfPlacingAnOrder() {
    OpenApiDocs orders = OpenApiDocs.of(Service.ORDER);
    JsonNode place = orders.operation("POST", "/orders").orElseThrow();
    assertThat(place.path("responses").has("202")).isTrue();
    assertThat(place.path("responses").has("200")).isFalse();
    assertThat(place.path("responses").fieldNames()).toIterable().contains("409", "422", "415");
    JsonNode request = orders.json().at("/components/schemas/PlaceOrderRequest");
    assertThat(request.at("/properties/items/minItems").asInt()).as("%s", request).isEqualTo(1);
    assertThat(request.at("/properties/items/maxItems").asInt()).as("%s", request).isEqualTo(50);
    JsonNode item = orders.json().at("/components/schemas/Item");
    assertThat(item.at("/properties/quantity/minimum").asInt()).as("%s", item).isEqualTo(1);
    assertThat(item.at("/properties/quantity/maximum").asInt()).as("%s", item).isEqualTo(999);
    assertThat(orders.json().at("/components/securitySchemes/support/scheme").asText()).isEqualTo("basic");
    JsonNode customer = OpenApiDocs.of(Service.CUSTOMER_WALLET).json().at("/components/schemas/NewCustomerRequest");
    assertThat(customer.at("/properties/name/maxLength").asInt()).as("@Characters(max = 200): %s", customer).isEqualTo(200);
    assertThat(OpenApiDocs.of(Service.INVENTORY).operation("POST", "/products").orElseThrow().path("responses").has("201")).isTrue();
    assertThat(OpenApiDocs.of(Service.ORDER).operation("GET", "/orders/7").orElseThrow().path("responses").has("404")).isTrue();
  }
}
