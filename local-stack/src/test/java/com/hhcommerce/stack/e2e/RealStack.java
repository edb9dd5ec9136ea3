package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackSettings;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * JUnit extension: the real system (MariaDB, ZooKeeper, Kafka, cdc-service, five services) started once
 * per test JVM through the same launcher as ./stack, and stopped when all tests are done.
 */
public class RealStack implements BeforeAllCallback {

  private static LocalStack stack;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(RealStack.class, key -> {
      stack = LocalStack.start(StackSettings.fromEnvironment());
      System.out.printf("Real stack healthy after %.1f s, %d MB resident%n",
          stack.startupTime().toMillis() / 1000.0, stack.residentMemoryKb() / 1024);
      return (ExtensionContext.Store.CloseableResource) () -> stack.close();
    });
  }

  public static LocalStack stack() {
    return stack;
  }

  public static String url(Service service) {
    return stack.url(service);
  }

  /** A connection as the service's own database user, to check its tables directly. */
  public static Connection database(Service service) throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(service), service.database(), service.database());
  }
}
