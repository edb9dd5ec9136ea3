package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The ranking as ranking-service serves it, and what it must equal: the quantities of confirmed orders. */
final class Rankings {

  /** The API's largest page: the tests' whole ranking fits in it (checked). */
  static final int ALL = 1000;
  private static final StackHttp HTTP = new StackHttp();

  private Rankings() {
  }

  /** Quantity per product option over the last 7 days, from the service at baseUrl. */
  static Map<Long, Long> ranked(String baseUrl) {
    StackHttp.Response response = HTTP.get(baseUrl + "/rankings/products?period=7D&limit=" + ALL);
    assertThat(response.status()).as("GET /rankings/products %s", response.body()).isEqualTo(200);
    Map<Long, Long> quantities = new TreeMap<>();
    response.body().get("products").forEach(p -> quantities.put(p.get("productOptionId").asLong(), p.get("quantity").asLong()));
    assertThat(quantities.size()).as("the whole ranking fits one page").isLessThan(ALL);
    return quantities;
  }

  static Map<Long, Long> ranked() {
    return ranked(RealStack.url(Service.RANKING));
  }

  static JsonNode page(String period) {
    return HTTP.get(RealStack.url(Service.RANKING) + "/rankings/products?period=" + period + "&limit=" + ALL).body();
  }

  /** Quantity per product option of every CONFIRMED order, from order-service's database. */
  static Map<Long, Long> confirmedQuantities() {
    Map<Long, Long> quantities = new TreeMap<>();
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("""
             SELECT l.product_option_id, SUM(l.quantity) FROM order_service.order_line l
             JOIN order_service.orders o ON o.id = l.order_id WHERE o.status = 'CONFIRMED' GROUP BY l.product_option_id""")) {
      while (rs.next()) {
        quantities.put(rs.getLong(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return quantities;
  }
}
