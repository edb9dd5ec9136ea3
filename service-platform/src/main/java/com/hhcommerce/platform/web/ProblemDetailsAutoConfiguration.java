package com.hhcommerce.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * The web contract every service shares: strict JSON in UTF-8 and nothing else, whole numbers in one spelling, a
 * bounded body, problem details for every error, one paging style.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import({ProblemDetailsHandler.class, CanonicalNumbers.Binding.class})
@EnableConfigurationProperties(WebContractProperties.class)
public class ProblemDetailsAutoConfiguration implements WebMvcConfigurer {

  @Bean
  StrictJson strictJson() {
    return new StrictJson();
  }

  /** Before every other filter, authentication included: a body that is refused costs nothing but this check. */
  @Bean
  FilterRegistrationBean<RequestBodyGate> requestBodyGate(WebContractProperties settings, ObjectMapper json) {
    FilterRegistrationBean<RequestBodyGate> registration = new FilterRegistrationBean<>(new RequestBodyGate(settings.maxRequestBody(), json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * Bodies are read as JSON by the strict mapper only. Jackson's YAML, XML, CBOR and Smile converters (present when
   * their format modules are on the class path) would read the same records past StrictJson's rules, in formats no
   * API description lists.
   */
  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.removeIf(converter -> converter instanceof AbstractJackson2HttpMessageConverter
        && !(converter instanceof MappingJackson2HttpMessageConverter));
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
