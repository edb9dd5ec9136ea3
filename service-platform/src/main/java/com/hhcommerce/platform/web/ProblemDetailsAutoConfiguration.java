package com.hhcommerce.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import(ProblemDetailsHandler.class)
public class ProblemDetailsAutoConfiguration {
}
