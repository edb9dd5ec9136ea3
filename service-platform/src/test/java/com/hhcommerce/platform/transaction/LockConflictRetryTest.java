package com.hhcommerce.platform.transaction;

import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On MariaDB: a real deadlock between two writers ends with both writes done once, each retry in a new transaction. */
@JdbcTest(properties = "spring.flyway.enabled=false")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@ContextConfiguration(classes = LockConflictRetryTest.Writers.class)
@Import(LockConflictRetryAutoConfiguration.class)
class LockConflictRetryTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "locks");
    registry.add("spring.datasource.url", () -> "jdbc:mysql://127.0.0.1:${hh.db.port}/${hh.db.name}?useSSL=false&allowPublicKeyRetrieval=true");
    registry.add("spring.datasource.username", () -> "root");
  }

  /** Writers of the counter table, as a service's @Transactional domain classes are. */
  static class Writers {
    private final JdbcClient jdbc;
    final AtomicInteger attempts = new AtomicInteger();
    /** Both writers meet here after their first update, on their first attempt only: then each waits for the other's row. */
    CyclicBarrier meeting = new CyclicBarrier(2);
    private final ThreadLocal<Integer> myAttempts = ThreadLocal.withInitial(() -> 0);

    Writers(JdbcClient jdbc) {
      this.jdbc = jdbc;
    }

    /** Through methods: the test holds the transactional proxy, whose own fields are empty. */
    public AtomicInteger attempts() {
      return attempts;
    }

    public void reset() {
      attempts.set(0);
      meeting = new CyclicBarrier(2);
    }

    @Transactional
    public void incrementBoth(long first, long second) throws Exception {
      attempts.incrementAndGet();
      myAttempts.set(myAttempts.get() + 1);
      jdbc.sql("UPDATE lock_test SET n = n + 1 WHERE id = ?").param(first).update();
      if (myAttempts.get() == 1) {
        meeting.await(10, TimeUnit.SECONDS);
      }
      jdbc.sql("UPDATE lock_test SET n = n + 1 WHERE id = ?").param(second).update();
    }

    @Transactional
    public void insertThenLoseALock(int losses) {
      jdbc.sql("INSERT INTO lock_test (id, n) VALUES (?, 1)").param(100 + attempts.get()).update();
      if (attempts.incrementAndGet() <= losses) {
        throw new CannotAcquireLockException("Lock wait timeout exceeded");
      }
    }
  }

  @Autowired
  private Writers writers;
  @Autowired
  private JdbcClient jdbc;
  @Autowired
  private TransactionTemplate tx;

  @BeforeEach
  void counters() {
    jdbc.sql("CREATE TABLE IF NOT EXISTS lock_test (id BIGINT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB").update();
    jdbc.sql("DELETE FROM lock_test").update();
    jdbc.sql("INSERT INTO lock_test (id, n) VALUES (1, 0), (2, 0)").update();
    writers.reset();
  }

  @Test
  void aDeadlockBetweenTwoWritersEndsWithBothWritesDoneOnce() {
    CompletableFuture<Void> a = CompletableFuture.runAsync(() -> run(() -> writers.incrementBoth(1, 2)));
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> run(() -> writers.incrementBoth(2, 1)));
    CompletableFuture.allOf(a, b).join();

    assertThat(writers.attempts()).as("precondition: the database chose a deadlock victim, whose call ran again").hasValue(3);
    assertThat(jdbc.sql("SELECT n FROM lock_test WHERE id IN (1, 2)").query(Integer.class).list()).containsExactly(2, 2);
  }

  @Test
  void eachAttemptIsItsOwnTransaction() {
    writers.insertThenLoseALock(2);

    assertThat(writers.attempts()).hasValue(3);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM lock_test WHERE id >= 100").query(Integer.class).single())
        .as("the failed attempts' inserts rolled back").isEqualTo(1);
  }

  @Test
  void aConflictThatOutlastsTheAttemptsReachesTheCaller() {
    assertThatThrownBy(() -> writers.insertThenLoseALock(100)).isInstanceOf(CannotAcquireLockException.class);
    assertThat(writers.attempts()).hasValue(LockConflictRetryAutoConfiguration.MAX_ATTEMPTS);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM lock_test WHERE id >= 100").query(Integer.class).single()).isZero();
  }

  @Test
  void aCallInsideARunningTransactionIsNotRetriedOnItsOwn() {
    assertThatThrownBy(() -> tx.executeWithoutResult(status -> writers.insertThenLoseALock(1)))
        .isInstanceOf(CannotAcquireLockException.class);
    assertThat(writers.attempts()).as("the transaction's owner decides, not the inner call").hasValue(1);
  }

  private interface Write {
    void run() throws Exception;
  }

  private static void run(Write write) {
    try {
      write.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
