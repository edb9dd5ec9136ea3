package com.hhcommerce.platform.web.docs;

import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.validation.StorableInstant;
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
import jakarta.servlet.ServletContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each service's OpenAPI description says what it really answers: its name and version, the success
 * status of each endpoint, and every problem (application/problem+json) it may answer, from
 * {@link Responses} and what every endpoint may answer anyway, the media type of each success body, and who may call
 * each endpoint ({@link AccessDocumentation}, from the security rules themselves).
 */
@AutoConfiguration
@EnableConfigurationProperties(ApiDocumentationProperties.class)
public class ApiDocumentation {

  private static final String PROBLEM = "Problem";

  /**
   * With components, even empty: springdoc adds the security schemes a service declares by annotation (order-service's
   * support account) only to a description that has them.
   */
  @Bean
  OpenAPI serviceDescription(@Value("${spring.application.name}") String service, ApiDocumentationProperties settings) {
    return new OpenAPI().components(new Components()).info(new Info().title(service).version(settings.version())
        .description("Errors are RFC 9457 problem details (application/problem+json) whose type names the problem "
            + "and whose field, parameter or header names what the client sent wrong. Lists take ?page= (from 0) and "
            + "?size= (1 to 100) and answer {items, page, size, hasMore, next}; unknown query parameters are refused. "
            + "Calls carry a bearer access token from customer-wallet-service's POST /auth/tokens (401 without a valid one, "
            + "403 for a role that may not). Another customer's order, cart, customer record, ledger or coupon answers 404, "
            + "as one that does not exist: an id tells nothing about whether it exists."));
  }

  /**
   * RFC 9457's members as sent: instance is the request's path, a relative reference (not an absolute URI), and a
   * problem carries members of its own (field, parameter, allowed, ...), so others are allowed.
   */
  @Bean
  OpenApiCustomizer problemSchema() {
    return openApi -> (openApi.getComponents() != null ? openApi.getComponents() : openApi.components(new Components()).getComponents())
        .addSchemas(PROBLEM, typed("object")
            .description("An RFC 9457 problem detail; members beyond these name what was wrong (field, parameter, header, allowed, ...)")
            .addProperty("type", typed("string").format("uri"))
            .addProperty("title", typed("string"))
            .addProperty("status", typed("integer").format("int32"))
            .addProperty("detail", typed("string"))
            .addProperty("instance", typed("string").format("uri-reference"))
            .required(List.of("type", "status"))
            .additionalProperties(true));
  }

  @Bean
  OpenApiCustomizer accessDocumentation(ObjectProvider<SecurityFilterChain> chains, ObjectProvider<HandlerMappingIntrospector> introspector,
                                        ObjectProvider<ServletContext> servletContext) {
    return new AccessDocumentation(chains, introspector, servletContext, ApiDocumentation::problem);
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
      // springdoc puts the body under the status a @ResponseStatus names (202 for a ping), else under 200
      ApiResponse ok = responses.getOrDefault(String.valueOf(success), responses.getOrDefault("200", new ApiResponse()));
      responses.clear();
      responses.addApiResponse(String.valueOf(success), mediaTypesAsSent(ok).description(HttpStatus.valueOf(success).getReasonPhrase()));
      TreeSet<Integer> problems = new TreeSet<>(Arrays.asList(400, 500, 503));
      if (operation.getRequestBody() != null) {
        problems.add(413);
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

  /**
   * springdoc says {@code *}/{@code *} for a body whose endpoint names no media type, and Jackson sends those as JSON; an
   * event stream (text/event-stream) is text, not the emitter object springdoc describes.
   */
  private static ApiResponse mediaTypesAsSent(ApiResponse response) {
    Content content = response.getContent();
    if (content == null) {
      return response;
    }
    Content asSent = new Content();
    for (Map.Entry<String, io.swagger.v3.oas.models.media.MediaType> type : content.entrySet()) {
      if (MediaType.ALL_VALUE.equals(type.getKey())) {
        asSent.addMediaType(MediaType.APPLICATION_JSON_VALUE, type.getValue());
      } else if (MediaType.TEXT_EVENT_STREAM_VALUE.equals(type.getKey())) {
        asSent.addMediaType(type.getKey(), new io.swagger.v3.oas.models.media.MediaType().schema(typed("string")
            .description("Server-Sent Events (event:, id:, data: lines)")));
      } else {
        asSent.addMediaType(type.getKey(), type.getValue());
      }
    }
    return response.content(asSent);
  }

  /** A schema of one type, as either version of OpenAPI writes it (3.1 writes types, 3.0 type). */
  static Schema<Object> typed(String type) {
    return new Schema<>().type(type).types(Set.of(type));
  }

  private static ApiResponse problem(int status) {
    return problem(status, HttpStatus.valueOf(status).getReasonPhrase());
  }

  static ApiResponse problem(int status, String description) {
    return new ApiResponse().description(description).content(new Content()
        .addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE, new io.swagger.v3.oas.models.media.MediaType()
            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
  }
}
