package com.hhcommerce.platform.web.docs;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a service's OpenAPI description says of itself (hh.api.*); its title is the service's spring.application.name.
 *
 * @param version the version of the service's API, in the description's info
 */
@Validated
@ConfigurationProperties("hh.api")
public record ApiDocumentationProperties(@NotBlank @DefaultValue("1.0") String version) {
}
