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
 * per test JVM through the same launcher as ./stack, and stopped when all tests are done. Every response a StackHttp
 * receives from a service is checked against the service's OpenAPI description ({@link ContractCheck}).
 */
public class RealStack implements BeforeAllCallback {

  private static LocalStack stack;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(RealStack.class, key -> {
      stack = LocalStack.start(StackSettings.fromEnvironment());
      // from here on every StackHttp response is checked against its service's OpenAPI description
      ContractCheck.install();
      System.out.printf("Real stack healthy after %.1f s, %d MB resident%n",
          stack.startupTime().toMillis() / 1000.0, stack.residentMemoryKb() / 1024);
      return (ExtensionContext.Store.CloseableResource) () -> stack.close();
    });
  }

  public static LocalStack stack() {
    return stack;
  }

  private static com.hhcommerce.stack.StackHttp operator;

  /** A client signed in as the stack's operator, shared by the tests. */
  public static synchronized com.hhcommerce.stack.StackHttp operator() {
    if (operator == null) {
      operator = com.hhcommerce.stack.StackHttp.operator(url(Service.CUSTOMER_WALLET));
    }
    return operator;
  }

  public static String url(Service service) {
    return stack.url(service);
  }

  /** The first column of each row the query returns, as text, over the admin connection (tables named with their database). */
  public static java.util.List<String> rows(String sql, Object... parameters) throws SQLException {
    java.util.List<String> rows = new java.util.ArrayList<>();
    try (Connection connection = stack.adminConnection(); java.sql.PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      try (java.sql.ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
    }
    return rows;
  }

  /** A connection as the service's own database user, to check its tables directly. */
  public static Connection database(Service service) throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(service), service.database(), service.database());
  }

  /** A counter or gauge of a process's /actuator/prometheus at {@code baseUrl}, by its name and one label (0 when absent). */
  public static double metric(String baseUrl, String name, String label) {
    try {
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/actuator/prometheus"))
              .header("Authorization", operator().authorization()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name) + "\\{[^}]*"
          + java.util.regex.Pattern.quote(label) + "[^}]*} (\\S+)$").matcher(metrics);
      return line.find() ? Double.parseDouble(line.group(1)) : 0;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
