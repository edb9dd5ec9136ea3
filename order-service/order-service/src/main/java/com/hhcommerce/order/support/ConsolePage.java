package com.hhcommerce.order.support;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The support console's page: static files under /console/ (no data in them; the API needs a support token),
 * the sign-in hint that only a local run configures (hh.support.sign-in-hint), never a deployment, and where an
 * order's trace is (hh.support.trace-link).
 */
@Configuration
@RestController
class ConsolePage implements WebMvcConfigurer {

  private final String signInHint;
  private final String traceLink;

  ConsolePage(SupportSettings settings) {
    this.signInHint = settings.signInHint() == null ? "" : settings.signInHint();
    this.traceLink = settings.traceLink() == null ? "" : settings.traceLink();
  }

  record SignInHint(String hint) {
  }

  /** A URL with {orderId} in it. */
  record TraceLink(String template) {
  }

  /** 204 where none is configured. Part of the page, not of the API. */
  @Hidden
  @GetMapping("/console/trace-link")
  ResponseEntity<TraceLink> traceLink() {
    return traceLink.isBlank() ? ResponseEntity.noContent().build() : ResponseEntity.ok(new TraceLink(traceLink));
  }

  /** 204 where none is configured. Part of the page, not of the API. */
  @Hidden
  @GetMapping("/console/sign-in-hint")
  ResponseEntity<SignInHint> signInHint() {
    return signInHint.isBlank() ? ResponseEntity.noContent().build() : ResponseEntity.ok(new SignInHint(signInHint));
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }
}
