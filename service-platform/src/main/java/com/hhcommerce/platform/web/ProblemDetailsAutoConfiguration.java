package com.hhcommerce.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** The web contract every service shares: strict JSON, problem details for every error, one paging style. */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import(ProblemDetailsHandler.class)
public class ProblemDetailsAutoConfiguration implements WebMvcConfigurer {

  @Bean
  StrictJson strictJson() {
    return new StrictJson();
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new PageRequestResolver());
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new KnownParameters());
  }
}
