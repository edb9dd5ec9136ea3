package com.hhcommerce.order.scheduling;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What a job does to sagas runs on one order-service instance at a time: a lock row per job in the shedlock table, in
 * database time. A job takes its lock only once it has found something to do: taking and releasing it are two
 * fsynced commits, which a check every second on an idle shop would otherwise pay every second.
 */
@Component
public class SchedulerLocks {

  private static final Duration AT_MOST = Duration.ofSeconds(30);

  private final LockingTaskExecutor executor;

  SchedulerLocks(DataSource dataSource) {
    this.executor = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
        .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build()));
  }

  /** The task's result, or null without running it while another instance holds the job's lock (at most 30 s). */
  public <T> T alone(String job, Supplier<T> task) {
    try {
      return executor.executeWithLock((LockingTaskExecutor.TaskWithResult<T>) task::get,
          new LockConfiguration(Instant.now(), job, AT_MOST, Duration.ZERO)).getResult();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new IllegalStateException(checked);
    }
  }
}
