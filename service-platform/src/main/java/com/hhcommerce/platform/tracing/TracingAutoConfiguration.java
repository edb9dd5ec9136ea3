package com.hhcommerce.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** Eventuate's producer and consumer take every MessageInterceptor bean: MessageTracing is one, where a tracer is. */
@AutoConfiguration(afterName = {"org.springframework.boot.actuate.autoconfigure.tracing.BraveAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration"})
@ConditionalOnBean({Tracer.class, Propagator.class})
public class TracingAutoConfiguration {

  @Bean
  MessageTracing messageTracing(Tracer tracer, Propagator propagator) {
    return new MessageTracing(tracer, propagator);
  }
}
