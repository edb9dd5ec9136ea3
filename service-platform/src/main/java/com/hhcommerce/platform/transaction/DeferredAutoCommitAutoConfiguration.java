package com.hhcommerce.platform.transaction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Every service's pool draws {@link DeferredAutoCommit} connections from the driver: no {@code SET autocommit} around
 * each transaction. hh.datasource.deferred-autocommit=false gives the pool the driver's connections as they are.
 */
@AutoConfiguration
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty(name = "hh.datasource.deferred-autocommit", matchIfMissing = true)
public class DeferredAutoCommitAutoConfiguration {

  /** After the pool's settings are bound and before its first connection, which it makes as the first caller asks. */
  @Bean
  static BeanPostProcessor deferredAutoCommitPool() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getDataSource() == null && pool.getJdbcUrl() != null) {
          pool.setDataSource(DeferredAutoCommit.wrap(new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(),
              pool.getDataSourceProperties(), pool.getUsername(), pool.getPassword())));
        }
        return bean;
      }
    };
  }
}
