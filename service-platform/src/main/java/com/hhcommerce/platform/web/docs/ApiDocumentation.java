package com.hhcommerce.platform.web.docs;

import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.validation.StorableInstant;
import io.swagger.v3.core.converter.ModelConverters;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Each service's OpenAPI description says what it really answers: its name and version, the success
 * status of each endpoint, and every problem (application/problem+json) it may answer, from
 * {@link Responses} and what every endpoint may answer anyway.
 */
@AutoConfiguration
public class ApiDocumentation {

  private static final String PROBLEM = "Problem";

  @Bean
  OpenAPI serviceDescription(@Value("${spring.application.name}") String service, @Value("${hh.api.version:1.0}") String version) {
    return new OpenAPI().info(new Info().title(service).version(version)
        .description("Errors are RFC 9457 problem details (application/problem+json) whose type names the problem "
            + "and whose field, parameter or header names what the client sent wrong. Lists take ?page= (from 0) and "
            + "?size= (1 to 100) and answer {items, page, size, hasMore, next}; unknown query parameters are refused. "
            + "Calls carry a bearer access token from customer-wallet-service's POST /auth/tokens (401 without a valid one, "
            + "403 for a role that may not). Another customer's order, cart, customer record, ledger or coupon answers 404, "
            + "as one that does not exist: an id tells nothing about whether it exists."));
  }

  @Bean
  OpenApiCustomizer problemSchema() {
    return openApi -> (openApi.getComponents() != null ? openApi.getComponents() : openApi.components(new Components()).getComponents())
        .addSchemas(PROBLEM, ModelConverters.getInstance().read(ProblemDetail.class)
        .getOrDefault(ProblemDetail.class.getSimpleName(), new Schema<>().type("object")));
  }

  /** Constraints springdoc does not state by itself (ours, and @Positive on whole numbers), stated in the schema. */
  @Bean
  PropertyCustomizer ownConstraints() {
    return (schema, type) -> {
      for (Annotation annotation : type.getCtxAnnotations() == null ? new Annotation[0] : type.getCtxAnnotations()) {
        if (annotation instanceof Characters characters) {
          schema.setMaxLength(characters.max());
          if (characters.min() > 0) {
            schema.setMinLength(characters.min());
          }
        }
        if (annotation instanceof StorableInstant) {
          schema.setDescription("From " + StorableInstant.EARLIEST + " to " + StorableInstant.LATEST);
        }
        // springdoc states @Min and @Max but not @Positive / @PositiveOrZero, which the whole numbers here carry
        if (annotation instanceof Positive && schema.getMinimum() == null) {
          schema.setMinimum(BigDecimal.ONE);
        }
        if (annotation instanceof PositiveOrZero && schema.getMinimum() == null) {
          schema.setMinimum(BigDecimal.ZERO);
        }
      }
      return schema;
    };
  }

  @Bean
  OperationCustomizer documentedStatuses() {
    return (operation, handler) -> {
      Responses method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Responses.class);
      Responses type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Responses.class);
      ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
      int success = method == null ? 200 : method.success();
      ApiResponse ok = responses.getOrDefault("200", new ApiResponse());
      responses.clear();
      responses.addApiResponse(String.valueOf(success), ok.description(HttpStatus.valueOf(success).getReasonPhrase()));
      TreeSet<Integer> problems = new TreeSet<>(Arrays.asList(400, 500));
      if (operation.getRequestBody() != null) {
        problems.add(415);
      }
      for (Responses declared : new Responses[] {type, method}) {
        if (declared != null) {
          Arrays.stream(declared.problems()).forEach(problems::add);
        }
      }
      problems.forEach(status -> responses.addApiResponse(String.valueOf(status), problem(status)));
      operation.setResponses(responses);
      return operation;
    };
  }

  private static ApiResponse problem(int status) {
    return new ApiResponse().description(HttpStatus.valueOf(status).getReasonPhrase()).content(new Content()
        .addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE, new io.swagger.v3.oas.models.media.MediaType()
            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
  }
}
