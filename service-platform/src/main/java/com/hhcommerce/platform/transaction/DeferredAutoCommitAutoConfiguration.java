package com.hhcommerce.platform.transaction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Every service's pool draws {@link DeferredAutoCommit} connections from the driver: no {@code SET autocommit} around
 * each transaction. hh.datasource.deferred-autocommit=false gives the pool the driver's connections as they are.
 */
@AutoConfiguration
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty(name = "hh.datasource.deferred-autocommit", matchIfMissing = true)
public class DeferredAutoCommitAutoConfiguration {

  /**
   * After the pool's settings are bound and before its first connection, which it makes as the first caller asks.
   * Registered before the other post-processors: Eventuate's command handler post-processor needs the data source, so
   * the pool is made while the unordered post-processors are, and only those registered earlier process it. The
   * declared type says PriorityOrdered: Spring sorts post-processors by it before making them.
   */
  @Bean
  static DeferredAutoCommitPool deferredAutoCommitPool() {
    return new DeferredAutoCommitPool();
  }

  static final class DeferredAutoCommitPool implements BeanPostProcessor, PriorityOrdered {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (bean instanceof HikariDataSource pool && pool.getDataSource() == null && pool.getJdbcUrl() != null) {
        pool.setDataSource(DeferredAutoCommit.wrap(new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(),
            pool.getDataSourceProperties(), pool.getUsername(), pool.getPassword())));
      }
      return bean;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
