package com.hhcommerce.cart.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.cart.api.CartLine;
import com.hhcommerce.cart.replica.KnownProductOptions;
import com.hhcommerce.platform.domain.DomainRefusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One cart per customer. Clearing for an order keeps a snapshot keyed by the order id. */
@Service
public class Carts {

  public static final int MAX_QUANTITY = 999;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JdbcClient jdbc;
  private final KnownProductOptions knownOptions;

  public Carts(JdbcClient jdbc, KnownProductOptions knownOptions) {
    this.jdbc = jdbc;
    this.knownOptions = knownOptions;
  }

  public List<CartItem> items(long customerId) {
    return jdbc.sql("SELECT product_option_id, quantity, added_at FROM cart_item WHERE customer_id = ? ORDER BY added_at, product_option_id")
        .param(customerId)
        .query((rs, i) -> new CartItem(rs.getLong(1), rs.getInt(2), rs.getTimestamp(3).toInstant())).list();
  }

  /**
   * Adds to what is already in the cart, up to MAX_QUANTITY per option; only an option that exists. One upsert, then a
   * read of the customer's own row: a locking read of a row not there yet would take a gap lock that another customer's
   * insert into the same gap deadlocks on.
   */
  @Transactional
  public List<CartItem> add(long customerId, long productOptionId, int quantity) {
    if (!knownOptions.exists(productOptionId)) {
      throw DomainRefusal.unknownReference("productOptionId", "product-option", productOptionId);
    }
    jdbc.sql("""
            INSERT INTO cart_item (customer_id, product_option_id, quantity) VALUES (?, ?, ?)
            ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)""")
        .params(customerId, productOptionId, quantity).update();
    int total = jdbc.sql("SELECT quantity FROM cart_item WHERE customer_id = ? AND product_option_id = ?")
        .params(customerId, productOptionId).query(Integer.class).single();
    if (total > MAX_QUANTITY) { // the refusal rolls the upsert back
      throw DomainRefusal.ruleViolated("cart-quantity-too-large", "At most %d of one option fit in a cart; it would hold %d"
          .formatted(MAX_QUANTITY, total)).with("productOptionId", productOptionId);
    }
    return items(customerId);
  }

  @Transactional
  public List<CartItem> change(long customerId, long productOptionId, int quantity) {
    int updated = jdbc.sql("UPDATE cart_item SET quantity = ? WHERE customer_id = ? AND product_option_id = ?")
        .params(quantity, customerId, productOptionId).update();
    if (updated == 0) {
      throw DomainRefusal.unknown("cart-item", productOptionId);
    }
    return items(customerId);
  }

  @Transactional
  public List<CartItem> remove(long customerId, long productOptionId) {
    if (jdbc.sql("DELETE FROM cart_item WHERE customer_id = ? AND product_option_id = ?").params(customerId, productOptionId).update() == 0) {
      throw DomainRefusal.unknown("cart-item", productOptionId);
    }
    return items(customerId);
  }

  public sealed interface ClearResult permits Cleared, Missing, AlreadyRestored {
  }

  public record Cleared(int linesRemoved) implements ClearResult {
  }

  public record Missing(List<Long> productOptionIds) implements ClearResult {
  }

  /** The order's cart was restored before: nothing cleared. */
  public record AlreadyRestored() implements ClearResult {
  }

  /** Removes the ordered quantities from the cart; all of them or, when any is missing, none. */
  public ClearResult clear(long orderId, long customerId, List<CartLine> lines) {
    Map<Long, Integer> inCart = jdbc.sql("SELECT product_option_id, quantity FROM cart_item WHERE customer_id = ? FOR UPDATE")
        .param(customerId).query((rs, i) -> Map.entry(rs.getLong(1), rs.getInt(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    // not a locking read: one of a snapshot not there yet would take a gap lock that other orders' snapshots wait on
    Optional<Map.Entry<String, String>> snapshot = jdbc.sql("SELECT status, lines_json FROM cart_snapshot WHERE order_id = ?")
        .param(orderId).query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).optional();
    if (snapshot.isPresent()) {
      return "RESTORED".equals(snapshot.get().getKey()) ? new AlreadyRestored() : new Cleared(read(snapshot.get().getValue()).size());
    }
    Map<Long, Integer> ordered = lines.stream()
        .collect(Collectors.toMap(CartLine::productOptionId, CartLine::quantity, Integer::sum, TreeMap::new));
    List<Long> missing = ordered.entrySet().stream()
        .filter(line -> inCart.getOrDefault(line.getKey(), 0) < line.getValue())
        .map(Map.Entry::getKey).toList();
    if (!missing.isEmpty()) {
      return new Missing(missing);
    }
    ordered.forEach((optionId, quantity) -> {
      // the line goes when all of it was ordered, else what was ordered comes off it (the other order would delete
      // what the update left whenever that equals the ordered quantity: 2 in the cart, 1 ordered, none left)
      if (jdbc.sql("DELETE FROM cart_item WHERE customer_id = ? AND product_option_id = ? AND quantity = ?")
          .params(customerId, optionId, quantity).update() == 0) {
        jdbc.sql("UPDATE cart_item SET quantity = quantity - ? WHERE customer_id = ? AND product_option_id = ? AND quantity > ?")
            .params(quantity, customerId, optionId, quantity).update();
      }
    });
    List<CartLine> removed = ordered.entrySet().stream().map(e -> new CartLine(e.getKey(), e.getValue())).toList();
    jdbc.sql("INSERT INTO cart_snapshot (order_id, customer_id, lines_json, status) VALUES (?, ?, ?, 'CLEARED')")
        .params(orderId, customerId, write(removed)).update();
    return new Cleared(removed.size());
  }

  /**
   * Puts back what was cleared for the order, once; returns the number of lines restored (0: nothing to do). With
   * nothing cleared, an empty restored snapshot is kept, so that a clear of the order that comes later (parked,
   * re-driven) takes nothing out of the cart.
   */
  public int restore(long orderId, long customerId) {
    // the empty snapshot first: then the locking read below finds a row (this one or the cleared one) and takes no gap lock
    jdbc.sql("""
            INSERT IGNORE INTO cart_snapshot (order_id, customer_id, lines_json, status, restored_at)
            VALUES (?, ?, '[]', 'RESTORED', CURRENT_TIMESTAMP(3))""")
        .params(orderId, customerId).update();
    Optional<Map.Entry<Long, String>> snapshot = jdbc.sql(
            "SELECT customer_id, lines_json FROM cart_snapshot WHERE order_id = ? AND status = 'CLEARED' FOR UPDATE")
        .param(orderId).query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).optional();
    if (snapshot.isEmpty()) {
      return 0;
    }
    long owner = snapshot.get().getKey();
    List<CartLine> lines = read(snapshot.get().getValue());
    for (CartLine line : lines) {
      jdbc.sql("""
              INSERT INTO cart_item (customer_id, product_option_id, quantity) VALUES (?, ?, ?)
              ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)""")
          .params(owner, line.productOptionId(), line.quantity()).update();
    }
    jdbc.sql("UPDATE cart_snapshot SET status = 'RESTORED', restored_at = CURRENT_TIMESTAMP(3) WHERE order_id = ?").param(orderId).update();
    return lines.size();
  }

  private static String write(List<CartLine> lines) {
    try {
      return JSON.writeValueAsString(lines);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<CartLine> read(String json) {
    try {
      return JSON.readValue(json, new TypeReference<>() { });
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable cart snapshot", e);
    }
  }
}
