package com.hhcommerce.platform.web.docs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The statuses an endpoint answers, for its OpenAPI description: the success status (200 unless given)
 * and the problems it may answer beyond those every endpoint may (400 for a bad parameter or body, 500, 503 while
 * the service's database is unreachable or a lock conflict outlasted its retries).
 * On a controller class, the problems apply to each of its endpoints. The 401 and 403 of the access rules need not be
 * given: {@link AccessDocumentation} reads them from the rules; give those the code decides (e.g. 403 for a body naming
 * another customer).
 */
@Documented
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Responses {

  int success() default 200;

  int[] problems() default {};
}
