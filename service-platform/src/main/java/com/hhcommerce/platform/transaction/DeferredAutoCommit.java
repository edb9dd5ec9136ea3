package com.hhcommerce.platform.transaction;

import com.mysql.cj.jdbc.JdbcConnection;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A connection that switches the server's autocommit back on only when the next statement needs it. Spring's
 * transaction manager switches autocommit off at the start of every transaction and back on at its end: two
 * {@code SET autocommit} statements per transaction, a fifth of what a saga sends to the database. Here the switch
 * off is sent at once (a statement made earlier and run after it is part of the transaction), and the switch back on
 * waits, unless the server holds work in flight, which JDBC has it commit: so a pooled connection that runs
 * transaction after transaction stays in autocommit off on the server and sends neither, while a statement made
 * outside a transaction still runs in autocommit, the switch going first. Whether work is in flight is the server's
 * answer to the last statement (its in-transaction status flag, which Connector/J keeps); with another driver the
 * switch back on is sent at once too.
 */
final class DeferredAutoCommit implements InvocationHandler {

  /** What neither runs a statement nor ends a transaction: the server's autocommit does not matter to these. */
  private static final Set<String> STATE_ONLY = Set.of("getAutoCommit", "close", "isClosed", "isValid", "abort",
      "isWrapperFor", "getNetworkTimeout", "setNetworkTimeout", "getWarnings", "clearWarnings", "isReadOnly",
      "setReadOnly", "getTransactionIsolation", "setTransactionIsolation", "getHoldability", "getCatalog", "getSchema",
      "getClientInfo", "toString");

  private final Connection target;
  private final JdbcConnection driver;
  private boolean wanted;
  private boolean onServer;

  private DeferredAutoCommit(Connection target) throws SQLException {
    this.target = target;
    this.driver = target.isWrapperFor(JdbcConnection.class) ? target.unwrap(JdbcConnection.class) : null;
    this.wanted = target.getAutoCommit();
    this.onServer = wanted;
  }

  static Connection wrap(Connection target) throws SQLException {
    return (Connection) Proxy.newProxyInstance(DeferredAutoCommit.class.getClassLoader(), new Class<?>[] {Connection.class},
        new DeferredAutoCommit(target));
  }

  /** The driver's connections, each wrapped: what the pool draws from, so that its own resets are deferred too. */
  static DataSource wrap(DataSource driver) {
    return new DelegatingDataSource(driver) {
      @Override
      public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
      }

      @Override
      public Connection getConnection(String username, String password) throws SQLException {
        return wrap(super.getConnection(username, password));
      }
    };
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "setAutoCommit" -> {
        boolean value = (Boolean) args[0];
        if (value != onServer && (!value || workInFlight())) {
          target.setAutoCommit(value);
          onServer = value;
        }
        wanted = value;
        return null;
      }
      case "getAutoCommit" -> {
        return wanted;
      }
      case "equals" -> {
        return proxy == args[0];
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "unwrap" -> {
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
      }
      default -> {
      }
    }
    if (!STATE_ONLY.contains(method.getName()) && onServer != wanted) {
      target.setAutoCommit(wanted);
      onServer = wanted;
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Whether the server holds a transaction that switching autocommit on would commit; true when it cannot tell. */
  private boolean workInFlight() {
    return driver == null || driver.getSession().getServerSession().inTransactionOnServer();
  }
}
