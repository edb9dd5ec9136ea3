package com.hhcommerce.inventory.domain;

import com.hhcommerce.inventory.api.ReservedLine;
import com.hhcommerce.inventory.api.StockLine;
import com.hhcommerce.inventory.messaging.ProductEventPublisher;
import com.hhcommerce.platform.domain.DomainRefusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Products, options and stock. Reservation is all or nothing: the order's option rows are locked in id
 * order (no deadlock between two orders), checked, then decremented with a guarded update.
 * Callers on the bus run inside Eventuate's message transaction; REST callers get their own.
 */
@Service
public class Inventory {

  private final JdbcClient jdbc;
  private final ProductEventPublisher events;

  public Inventory(JdbcClient jdbc, ProductEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** The product, its options and its ProductCreated event commit together. */
  @Transactional
  public Product createProduct(String name, List<NewOption> options, String correlationId) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO product (name) VALUES (?)").param(name).update(key);
    long productId = key.getKey().longValue();
    for (NewOption option : options) {
      jdbc.sql("INSERT INTO product_option (product_id, name, price, stock, initial_stock) VALUES (?, ?, ?, ?, ?)")
          .params(productId, option.name(), option.price(), option.stock(), option.stock()).update();
    }
    Product product = product(productId).orElseThrow();
    events.created(product, correlationId);
    return product;
  }

  public record NewOption(String name, long price, int stock) {
  }

  public Optional<Product> product(long id) {
    return jdbc.sql("SELECT name FROM product WHERE id = ?").param(id).query(String.class).optional()
        .map(name -> new Product(id, name, optionsOf(id)));
  }

  public List<Product> products(int offset, int limit) {
    // options are read after the product query has closed: no nested query holding two connections
    return jdbc.sql("SELECT id, name FROM product ORDER BY id LIMIT ? OFFSET ?").params(limit, offset)
        .query((rs, i) -> Map.entry(rs.getLong("id"), rs.getString("name"))).list().stream()
        .map(p -> new Product(p.getKey(), p.getValue(), optionsOf(p.getKey()))).toList();
  }

  public Optional<ProductOption> option(long id) {
    return jdbc.sql(OPTION_SELECT + " WHERE o.id = ?").param(id).query(Inventory::option).optional();
  }

  private List<ProductOption> optionsOf(long productId) {
    return jdbc.sql(OPTION_SELECT + " WHERE o.product_id = ? ORDER BY o.id").param(productId).query(Inventory::option).list();
  }

  /** Adds or removes stock by hand (a delivery, a stock count); never below zero. */
  @Transactional
  public ProductOption adjustStock(long optionId, int delta, String reason) {
    int updated = jdbc.sql("UPDATE product_option SET stock = stock + ? WHERE id = ? AND stock + ? >= 0")
        .params(delta, optionId, delta).update();
    if (updated == 0) {
      ProductOption option = option(optionId).orElseThrow(() -> DomainRefusal.unknown("product-option", optionId));
      throw DomainRefusal.conflict("stock-would-be-negative", "Stock of option %d is %d; cannot apply %d"
          .formatted(optionId, option.stock(), delta)).with("stock", option.stock());
    }
    ProductOption option = option(optionId).orElseThrow();
    jdbc.sql("INSERT INTO stock_adjustment (product_option_id, delta, reason, stock_after) VALUES (?, ?, ?, ?)")
        .params(optionId, delta, reason, option.stock()).update();
    return option;
  }

  /**
   * Reserves every line or none; a second call for the same order returns the first result unchanged, and a call after
   * the order's release reserves nothing.
   */
  public ReservationResult reserve(long orderId, List<StockLine> lines) {
    List<ReservedLine> existing = reservedLines(orderId);
    if (!existing.isEmpty()) {
      return new ReservationResult.Reserved(existing);
    }
    // a locking read: it waits for a release of this order in progress, and holds off one that starts after it
    if (jdbc.sql("SELECT COUNT(*) FROM released_order WHERE order_id = ? FOR UPDATE").param(orderId).query(Long.class).single() > 0) {
      return new ReservationResult.AlreadyReleased();
    }
    Map<Long, Integer> wanted = lines.stream()
        .collect(Collectors.toMap(StockLine::productOptionId, StockLine::quantity, Integer::sum, TreeMap::new));
    // Lock the option rows alone, in id order: FOR UPDATE over the join with product would also lock the
    // product row, which every option of a hot product shares (deadlocks under load, seen in the benchmark).
    // The locking read sees the latest stock; names for the reply come from reservedLines below.
    Map<Long, ProductOption> locked = jdbc.sql("""
            SELECT o.id, o.product_id, NULL AS product_name, o.name, o.price, o.stock FROM product_option o
            WHERE o.id IN (:ids) ORDER BY o.id FOR UPDATE""")
        .param("ids", wanted.keySet()).query(Inventory::option).list().stream()
        .collect(Collectors.toMap(ProductOption::id, o -> o));
    for (var line : wanted.entrySet()) {
      ProductOption option = locked.get(line.getKey());
      if (option == null) {
        return new ReservationResult.UnknownOption(line.getKey());
      }
      if (option.stock() < line.getValue()) {
        return new ReservationResult.Insufficient(option.id(), line.getValue(), option.stock());
      }
    }
    for (var line : wanted.entrySet()) {
      ProductOption option = locked.get(line.getKey());
      int updated = jdbc.sql("UPDATE product_option SET stock = stock - ? WHERE id = ? AND stock >= ?")
          .params(line.getValue(), option.id(), line.getValue()).update();
      if (updated != 1) {
        throw new IllegalStateException("Stock of locked option " + option.id() + " changed under its lock");
      }
      jdbc.sql("INSERT INTO stock_reservation (order_id, product_option_id, quantity, unit_price, status) VALUES (?, ?, ?, ?, 'RESERVED')")
          .params(orderId, option.id(), line.getValue(), option.price()).update();
    }
    return new ReservationResult.Reserved(reservedLines(orderId));
  }

  /**
   * Gives back what the order holds, once; returns how many lines were released (0: nothing to do). The release is
   * remembered, so that a reserve of the order that comes later (parked, re-driven) takes nothing.
   */
  public int release(long orderId) {
    jdbc.sql("INSERT IGNORE INTO released_order (order_id) VALUES (?)").param(orderId).update();
    List<long[]> held = jdbc.sql("""
            SELECT product_option_id, quantity FROM stock_reservation
            WHERE order_id = ? AND status = 'RESERVED' ORDER BY product_option_id FOR UPDATE""")
        .param(orderId).query((rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)}).list();
    for (long[] line : held) {
      jdbc.sql("UPDATE product_option SET stock = stock + ? WHERE id = ?").params(line[1], line[0]).update();
    }
    jdbc.sql("UPDATE stock_reservation SET status = 'RELEASED', released_at = CURRENT_TIMESTAMP(3) WHERE order_id = ? AND status = 'RESERVED'")
        .param(orderId).update();
    return held.size();
  }

  private List<ReservedLine> reservedLines(long orderId) {
    return jdbc.sql("""
            SELECT r.product_option_id, p.name AS product_name, o.name AS option_name, r.quantity, r.unit_price
            FROM stock_reservation r JOIN product_option o ON o.id = r.product_option_id JOIN product p ON p.id = o.product_id
            WHERE r.order_id = ? ORDER BY r.product_option_id""")
        .param(orderId)
        .query((rs, i) -> new ReservedLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5)))
        .list();
  }

  private static final String OPTION_SELECT = """
      SELECT o.id, o.product_id, p.name AS product_name, o.name, o.price, o.stock
      FROM product_option o JOIN product p ON p.id = o.product_id""";

  private static ProductOption option(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new ProductOption(rs.getLong("id"), rs.getLong("product_id"), rs.getString("product_name"),
        rs.getString("name"), rs.getLong("price"), rs.getInt("stock"));
  }
}
