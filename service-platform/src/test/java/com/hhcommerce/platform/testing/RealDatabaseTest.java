package com.hhcommerce.platform.testing;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of a service's tests against a real MariaDB: DataSource, Flyway and JdbcClient on a fresh database,
 * no test-managed transaction (each call commits, as on the bus); {@link #tx} runs a call in its own
 * transaction, as Eventuate does for a command handler. Subclasses @Import the classes under test.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
public abstract class RealDatabaseTest {

  @Autowired
  protected TransactionTemplate tx;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "service");
  }
}
