package com.hhcommerce.order.support;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/** Jobs that act on sagas run on one order-service instance at a time: a lock row per job in the shedlock table, in database time. */
@Configuration
@EnableSchedulerLock(defaultLockAtMostFor = "PT5M")
class SchedulerLocks {

  @Bean
  LockProvider lockProvider(DataSource dataSource) {
    return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
        .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
  }
}
