package com.hhcommerce.platform.transaction;

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
 * A connection that tells the server about an autocommit switch only when the next statement needs it. Spring's
 * transaction manager switches autocommit off at the start of every transaction and back on at its end: two
 * {@code SET autocommit} statements per transaction, a fifth of what a saga sends to the database. Here a pooled
 * connection that runs transaction after transaction stays in autocommit off on the server and sends neither, while a
 * statement made outside a transaction still runs in autocommit: the switch goes first. A switch back on with work
 * not yet committed is sent at once, as JDBC has it commit that work.
 */
final class DeferredAutoCommit implements InvocationHandler {

  /** What neither runs a statement nor ends a transaction: the server's autocommit does not matter to these. */
  private static final Set<String> STATE_ONLY = Set.of("getAutoCommit", "close", "isClosed", "isValid", "abort",
      "unwrap", "isWrapperFor", "getNetworkTimeout", "setNetworkTimeout", "getWarnings", "clearWarnings", "isReadOnly",
      "setReadOnly", "getTransactionIsolation", "setTransactionIsolation", "getHoldability", "getCatalog", "getSchema",
      "getClientInfo", "getMetaData", "toString", "hashCode", "equals");

  private static final Set<String> MAKES_STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

  private static final Set<String> ENDS_TRANSACTION = Set.of("commit", "rollback");

  private final Connection target;
  private boolean wanted;
  private boolean onServer;
  /** A statement was made since the last commit or rollback: the server may hold uncommitted work. */
  private boolean dirty;

  private DeferredAutoCommit(Connection target) throws SQLException {
    this.target = target;
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
    String name = method.getName();
    if (name.equals("setAutoCommit")) {
      wanted = (Boolean) args[0];
      if (wanted && dirty) {
        sync();
      }
      return null;
    }
    if (name.equals("getAutoCommit")) {
      return wanted;
    }
    if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
      return proxy;
    }
    if (!STATE_ONLY.contains(name)) {
      sync();
    }
    try {
      Object result = method.invoke(target, args);
      if (MAKES_STATEMENTS.contains(name)) {
        dirty = !onServer;
      } else if (ENDS_TRANSACTION.contains(name) && (args == null || args.length == 0)) {
        dirty = false;
      }
      return result;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void sync() throws SQLException {
    if (onServer != wanted) {
      target.setAutoCommit(wanted);
      onServer = wanted;
      dirty = false;
    }
  }
}
