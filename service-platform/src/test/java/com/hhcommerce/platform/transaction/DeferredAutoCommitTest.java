package com.hhcommerce.platform.transaction;

import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deferred switch against a real MariaDB, on the platform's Connector/J settings: a pool that runs transaction
 * after transaction sends no SET autocommit, every write still ends committed or rolled back as JDBC says, and no
 * transaction stays open on a pooled connection.
 */
class DeferredAutoCommitTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  /** The platform's Connector/J settings that bear on autocommit (hh-platform.properties). */
  private static final Map<String, String> SETTINGS = Map.of("useLocalSessionState", "true", "elideSetAutoCommits", "true",
      "cachePrepStmts", "true");
  /** For the pools, which get the settings as the services' pools do. */
  private static String poolUrl;
  /** For the test's own connections, with the settings. */
  private static String url;

  @BeforeAll
  static void database() throws SQLException {
    String database = "deferred_autocommit_" + DATABASES.incrementAndGet();
    try (Connection admin = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + EmbeddedMariaDb.port() + "/", "root", "");
         Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
      statement.execute("CREATE TABLE " + database + ".item (id INT PRIMARY KEY) ENGINE=InnoDB");
    }
    poolUrl = "jdbc:mysql://127.0.0.1:" + EmbeddedMariaDb.port() + "/" + database;
    url = poolUrl + "?" + SETTINGS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }

  @Test
  void aPoolRunningTransactionsSendsNoAutocommitSwitch() throws Exception {
    int transactions = 20;
    long stock = setOptionsDuring(pool(false), transactions, 1000);
    long deferred = setOptionsDuring(pool(true), transactions, 2000);

    assertThat(stock).as("Spring's switches around each transaction, without the wrapper").isGreaterThanOrEqualTo(2L * transactions);
    assertThat(deferred).as("one switch off at the first transaction, none after").isEqualTo(1);
    for (int i = 0; i < transactions; i++) {
      assertThat(committed(2000 + i)).isTrue();
    }
  }

  @Test
  void aPooledConnectionKeepsNoTransactionOpenWhateverItsTransactionsDid() throws Exception {
    try (HikariDataSource pool = pool(true)) {
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
      JdbcTemplate jdbc = new JdbcTemplate(pool);
      long thread = tx.execute(status -> jdbc.queryForObject("SELECT CONNECTION_ID()", Long.class));

      tx.executeWithoutResult(status -> jdbc.update("INSERT INTO item VALUES (6001)"));
      assertThat(openTransactions(thread)).as("after a write").isZero();

      TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
      readOnly.setReadOnly(true);
      readOnly.executeWithoutResult(status -> jdbc.queryForObject("SELECT COUNT(*) FROM item", Long.class));
      assertThat(openTransactions(thread)).as("after a read-only transaction").isZero();

      TransactionTemplate readCommitted = new TransactionTemplate(tx.getTransactionManager());
      readCommitted.setIsolationLevel(TransactionTemplate.ISOLATION_READ_COMMITTED);
      readCommitted.executeWithoutResult(status -> jdbc.update("INSERT INTO item VALUES (6002)"));
      assertThat(openTransactions(thread)).as("after a read-committed transaction").isZero();

      assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO item VALUES (6003)");
        throw new IllegalStateException("the transaction fails");
      })).hasMessage("the transaction fails");
      assertThat(openTransactions(thread)).as("after a rolled-back transaction").isZero();

      try (Connection abandoned = pool.getConnection()) {
        abandoned.setAutoCommit(false);
        try (Statement statement = abandoned.createStatement()) {
          statement.executeUpdate("INSERT INTO item VALUES (6004)");
        }
      }
      assertThat(openTransactions(thread)).as("after a connection given back without a commit").isZero();

      jdbc.update("INSERT INTO item VALUES (6005)");
      assertThat(committed(6001)).isTrue();
      assertThat(committed(6002)).isTrue();
      assertThat(committed(6003)).as("rolled back").isFalse();
      assertThat(committed(6004)).as("the pool rolls back what was given back uncommitted").isFalse();
      assertThat(committed(6005)).as("a write outside a transaction runs in autocommit").isTrue();
    }
  }

  @Test
  void aStatementMadeBeforeASwitchRunsAsTheSwitchSays() throws Exception {
    try (Connection connection = DeferredAutoCommit.wrap(DriverManager.getConnection(url, "root", ""));
         PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?)")) {
      connection.setAutoCommit(false);
      insert.setInt(1, 5001);
      insert.executeUpdate();
      connection.rollback();
      assertThat(committed(5001)).as("made in autocommit, run in the transaction, rolled back with it").isFalse();

      insert.setInt(1, 5002);
      insert.executeUpdate();
      connection.commit();
      insert.setInt(1, 5003);
      insert.executeUpdate();
      assertThat(committed(5003)).as("after the commit, in the next transaction").isFalse();
      connection.setAutoCommit(true);
      assertThat(committed(5002)).isTrue();
      assertThat(committed(5003)).as("JDBC: switching autocommit on commits the transaction").isTrue();
    }
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

  @Test
  void theServicesPoolDrawsDeferringConnectionsAlsoWhenAnUnorderedPostProcessorNeedsIt() {
    ApplicationContextRunner service = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DeferredAutoCommitAutoConfiguration.class))
        .withUserConfiguration(PostProcessorNeedingTheDataSource.class)
        .withPropertyValues("spring.datasource.url=" + poolUrl, "spring.datasource.username=root");

    service.run(context -> assertThat(context.getBean(HikariDataSource.class).getDataSource()).isInstanceOf(DelegatingDataSource.class));
    service.withPropertyValues("hh.datasource.deferred-autocommit=false")
        .run(context -> assertThat(context.getBean(HikariDataSource.class).getDataSource()).isNull());
  }

  /** As Eventuate's command handler post-processor, which makes the data source while post-processors are made. */
  @Configuration(proxyBeanMethods = false)
  static class PostProcessorNeedingTheDataSource {
    @Bean
    static BeanPostProcessor needsTheDataSource(DataSource dataSource) {
      return new BeanPostProcessor() {
      };
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
    pool.setJdbcUrl(poolUrl);
    SETTINGS.forEach(pool::addDataSourceProperty); // as the services pass them, which the post-processor must carry over
    pool.setUsername("root");
    pool.setPassword("");
    pool.setMaximumPoolSize(1);
    return deferred ? (HikariDataSource) DeferredAutoCommitAutoConfiguration.deferredAutoCommitPool()
        .postProcessAfterInitialization(pool, "dataSource") : pool;
  }

  /** Transactions InnoDB holds open for the given connection. */
  private static int openTransactions(long thread) throws SQLException {
    try (Connection other = DriverManager.getConnection(url, "root", "");
         Statement statement = other.createStatement();
         ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = " + thread)) {
      rs.next();
      return rs.getInt(1);
    }
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
