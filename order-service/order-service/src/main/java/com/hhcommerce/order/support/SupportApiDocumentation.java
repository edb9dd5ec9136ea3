package com.hhcommerce.order.support;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** How the OpenAPI description names the support account that /support/** needs (see SupportSecurityConfiguration). */
@Configuration
@SecurityScheme(name = SupportApiDocumentation.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "basic",
    description = "The support account (HH_SUPPORT_USERNAME / HH_SUPPORT_PASSWORD), role SUPPORT")
public class SupportApiDocumentation {

  public static final String SECURITY_SCHEME = "support";
}
