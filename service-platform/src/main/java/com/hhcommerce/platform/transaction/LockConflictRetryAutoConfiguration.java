package com.hhcommerce.platform.transaction;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;

/**
 * Every {@code @Transactional} method of every service, web writes included, survives a lock conflict with a
 * concurrent writer ({@link LockConflictRetry}): a crowd of writers gets answers, not 500s.
 */
@AutoConfiguration
public class LockConflictRetryAutoConfiguration {

  /** Attempts of one transaction, the first included; a deadlock among a few writers settles in one or two. */
  static final int MAX_ATTEMPTS = 5;

  /**
   * Outside the transaction's own advisor (ordered last), so that each attempt is a new transaction. An infrastructure
   * bean, so that the proxy creator of {@code @EnableTransactionManagement} applies it too.
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static Advisor lockConflictRetryAdvisor() {
    ComposablePointcut transactional = new ComposablePointcut(AnnotationMatchingPointcut.forClassAnnotation(Transactional.class))
        .union(AnnotationMatchingPointcut.forMethodAnnotation(Transactional.class));
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(transactional, new LockConflictRetry(MAX_ATTEMPTS, Duration.ofMillis(20)));
    advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
    return advisor;
  }
}
