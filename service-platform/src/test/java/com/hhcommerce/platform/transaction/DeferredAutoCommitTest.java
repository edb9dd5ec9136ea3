package com.hhcommerce.platform.transaction;

import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deferred switch against a real MariaDB, on the platform's Connector/J settings: a pool that runs transaction
 * after transaction sends no SET autocommit, and every write still ends committed or rolled back as JDBC says.
 */
class DeferredAutoCommitTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String SETTINGS = "?useLocalSessionState=true&elideSetAutoCommits=true&cachePrepStmts=true";
  private static String url;

  @BeforeAll
  static void database() throws SQLException {
    String database = "deferred_autocommit_" + DATABASES.incrementAndGet();
    try (Connection admin = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + EmbeddedMariaDb.port() + "/", "root", "");
         Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
      statement.execute("CREATE TABLE " + database + ".item (id INT PRIMARY KEY) ENGINE=InnoDB");
    }
    url = "jdbc:mysql://127.0.0.1:" + EmbeddedMariaDb.port() + "/" + database + SETTINGS;
  }

  @Test
  void aPoolRunningTransactionsSendsNoAutocommitSwitch() throws Exception {
    int transactions = 20;
    long stock = setOptionsDuring(pool(false), transactions, 1000);
    long deferred = setOptionsDuring(pool(true), transactions, 2000);

    assertThat(stock).as("Spring's switches around each transaction, without the wrapper").isGreaterThanOrEqualTo(2L * transactions);
    assertThat(deferred).as("one switch off before the first transaction's statement, none after").isEqualTo(1);
  }

  @Test
  void aWriteOutsideATransactionAfterTransactionsIsCommitted() throws Exception {
    try (HikariDataSource pool = pool(true)) {
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
      JdbcTemplate jdbc = new JdbcTemplate(pool);
      tx.executeWithoutResult(status -> jdbc.update("INSERT INTO item VALUES (3001)"));
      jdbc.update("INSERT INTO item VALUES (3002)");

      assertThat(committed(3001)).isTrue();
      assertThat(committed(3002)).as("a write outside a transaction runs in autocommit").isTrue();
    }
  }

  @Test
  void switchingBackOnCommitsWorkInFlightAndRollbackUndoesIt() throws Exception {
    try (Connection connection = DeferredAutoCommit.wrap(DriverManager.getConnection(url, "root", ""))) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO item VALUES (4001)");
      }
      connection.rollback();
      connection.setAutoCommit(true);
      assertThat(committed(4001)).isFalse();

      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO item VALUES (4002)");
      }
      assertThat(committed(4002)).as("not yet committed").isFalse();
      connection.setAutoCommit(true);
      assertThat(committed(4002)).as("JDBC: switching autocommit on commits the transaction").isTrue();
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  /** SET statements the pool's connection sent to the server over {@code transactions} transactions and a last read. */
  private static long setOptionsDuring(HikariDataSource pool, int transactions, int firstId) throws SQLException {
    try (pool) {
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
      JdbcTemplate jdbc = new JdbcTemplate(pool);
      long before = jdbc.queryForObject("SHOW SESSION STATUS LIKE 'Com_set_option'", (rs, i) -> rs.getLong(2));
      for (int i = 0; i < transactions; i++) {
        int id = firstId + i;
        tx.executeWithoutResult(status -> jdbc.update("INSERT INTO item VALUES (?)", id));
      }
      return tx.execute(status -> jdbc.queryForObject("SHOW SESSION STATUS LIKE 'Com_set_option'", (rs, i) -> rs.getLong(2))) - before;
    }
  }

  private static HikariDataSource pool(boolean deferred) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername("root");
    pool.setPassword("");
    pool.setMaximumPoolSize(1);
    return deferred ? (HikariDataSource) DeferredAutoCommitAutoConfiguration.deferredAutoCommitPool()
        .postProcessAfterInitialization(pool, "dataSource") : pool;
  }

  private static boolean committed(int id) throws SQLException {
    try (Connection other = DriverManager.getConnection(url, "root", "");
         Statement statement = other.createStatement();
         ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM item WHERE id = " + id)) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }
}
