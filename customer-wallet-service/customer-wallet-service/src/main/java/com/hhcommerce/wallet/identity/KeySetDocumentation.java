package com.hhcommerce.wallet.identity;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The key set as it is sent (RFC 7517): {"keys": [ {kty, kid, n, e, ...} ]}. The endpoint returns the key set's JSON
 * object as a map, of which springdoc can only say "an object of objects".
 */
@Configuration(proxyBeanMethods = false)
class KeySetDocumentation {

  @Bean
  OpenApiCustomizer keySetSchema() {
    Schema<?> key = new ObjectSchema().required(List.of("kty"))
        .addProperty("kty", new StringSchema())
        .addProperty("kid", new StringSchema())
        .addProperty("use", new StringSchema())
        .addProperty("alg", new StringSchema())
        .addProperty("n", new StringSchema())
        .addProperty("e", new StringSchema())
        .additionalProperties(true);
    Schema<?> keySet = new ObjectSchema().required(List.of("keys"))
        .addProperty("keys", new ArraySchema().items(key));
    return openApi -> {
      if (openApi.getPaths() == null || openApi.getPaths().get(IdentityController.KEY_SET_PATH) == null) {
        return;
      }
      openApi.getPaths().get(IdentityController.KEY_SET_PATH).getGet().getResponses().get("200")
          .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, new MediaType().schema(keySet)));
    };
  }
}
