package com.hhcommerce.platform.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Every state change of every circuit breaker of a service is logged, as the seed's breakers did: the one line
 * an operator greps for when a dependency went away. States themselves are on /actuator/circuitbreakers and in
 * resilience4j_circuitbreaker_state.
 */
@AutoConfiguration(afterName = "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration")
@ConditionalOnClass(CircuitBreakerRegistry.class)
public class BreakerTransitionLogging {

  private static final Logger log = LoggerFactory.getLogger(BreakerTransitionLogging.class);

  @Bean
  SmartInitializingSingleton breakerTransitionLog(ObjectProvider<CircuitBreakerRegistry> registries) {
    return () -> registries.ifAvailable(registry -> {
      registry.getAllCircuitBreakers().forEach(BreakerTransitionLogging::logTransitions);
      registry.getEventPublisher().onEntryAdded(added -> logTransitions(added.getAddedEntry()));
    });
  }

  private static void logTransitions(CircuitBreaker breaker) {
    breaker.getEventPublisher().onStateTransition(event -> log.warn("Circuit breaker '{}': {} -> {}", event.getCircuitBreakerName(),
        event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
  }
}
