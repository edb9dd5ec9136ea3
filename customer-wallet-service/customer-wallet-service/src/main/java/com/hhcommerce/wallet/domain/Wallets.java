package com.hhcommerce.wallet.domain;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.wallet.messaging.CustomerEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Customers' points. Every change locks the customer row first, so concurrent deductions for one wallet
 * are serialised and the guarded update (balance >= amount) never lets the balance go below zero.
 */
@Service
public class Wallets {

  private final JdbcClient jdbc;
  private final CustomerEventPublisher events;

  public Wallets(JdbcClient jdbc, CustomerEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** The customer and its CustomerRegistered event commit together. */
  @Transactional
  public Customer create(String name, String email, String correlationId) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO customer (name, email) VALUES (?, ?)").params(name, email).update(key);
    Customer customer = customer(key.getKey().longValue()).orElseThrow();
    events.registered(customer, correlationId);
    return customer;
  }

  public Optional<Customer> customer(long id) {
    return jdbc.sql("SELECT * FROM customer WHERE id = ?").param(id).query(Wallets::customer).optional();
  }

  /** Oldest first. */
  public List<LedgerEntry> ledger(long customerId, int offset, int limit) {
    return jdbc.sql("SELECT * FROM point_ledger WHERE customer_id = ? ORDER BY id LIMIT ? OFFSET ?").params(customerId, limit, offset)
        .query(Wallets::entry).list();
  }

  /** Adds points once per client request id; the same id with another amount is refused. */
  @Transactional
  public LedgerEntry charge(long customerId, long amount, String requestId) {
    lockBalance(customerId).orElseThrow(() -> DomainRefusal.unknown("customer", customerId));
    Optional<LedgerEntry> earlier = jdbc.sql("SELECT * FROM point_ledger WHERE customer_id = ? AND request_id = ?")
        .params(customerId, requestId).query(Wallets::entry).optional();
    if (earlier.isPresent()) {
      if (earlier.get().amount() != amount) {
        throw DomainRefusal.ruleViolated("request-id-reused", "Request id %s was already used to charge %d points"
            .formatted(requestId, earlier.get().amount()));
      }
      return earlier.get();
    }
    jdbc.sql("UPDATE customer SET point_balance = point_balance + ? WHERE id = ?").params(amount, customerId).update();
    return record(customerId, "CHARGE", amount, null, requestId);
  }

  /** What deducting an order's points came to; the reply to the saga is built from it. */
  public sealed interface DeductResult permits Deducted, Insufficient, NoSuchCustomer, AlreadyRefunded {
  }

  public record Deducted(long amount, long balanceAfter) implements DeductResult {
  }

  public record Insufficient(long required, long available) implements DeductResult {
  }

  public record NoSuchCustomer() implements DeductResult {
  }

  /** The order's points were refunded before: nothing deducted. */
  public record AlreadyRefunded() implements DeductResult {
  }

  /** What a refund gave back: 0 when the order had deducted nothing or was refunded already. */
  public record Refunded(long amount, long balanceAfter) {
  }

  public DeductResult deduct(long orderId, long customerId, long amount) {
    Optional<Long> balance = lockBalance(customerId);
    if (balance.isEmpty()) {
      return new NoSuchCustomer();
    }
    Optional<LedgerEntry> earlier = entryOf(orderId, "DEDUCT");
    if (earlier.isPresent()) {
      return new Deducted(earlier.get().amount(), earlier.get().balanceAfter());
    }
    // a locking read, after the customer's row lock, which refund takes too: it sees a refund that committed meanwhile
    if (jdbc.sql("SELECT COUNT(*) FROM refunded_order WHERE order_id = ? FOR UPDATE").param(orderId).query(Long.class).single() > 0) {
      return new AlreadyRefunded();
    }
    int updated = jdbc.sql("UPDATE customer SET point_balance = point_balance - ? WHERE id = ? AND point_balance >= ?")
        .params(amount, customerId, amount).update();
    if (updated == 0) {
      return new Insufficient(amount, balance.get());
    }
    return new Deducted(amount, record(customerId, "DEDUCT", amount, orderId, null).balanceAfter());
  }

  /**
   * Refunds what the order deducted, once; nothing when it deducted nothing. The refund is remembered, so that a
   * deduction for the order that comes later (parked, re-driven) takes nothing.
   */
  public Refunded refund(long orderId, long customerId) {
    Optional<Long> balance = lockBalance(customerId);
    jdbc.sql("INSERT IGNORE INTO refunded_order (order_id) VALUES (?)").param(orderId).update();
    Optional<LedgerEntry> deducted = entryOf(orderId, "DEDUCT");
    if (balance.isEmpty() || deducted.isEmpty() || entryOf(orderId, "REFUND").isPresent()) {
      return new Refunded(0, balance.orElse(0L));
    }
    long amount = deducted.get().amount();
    jdbc.sql("UPDATE customer SET point_balance = point_balance + ? WHERE id = ?").params(amount, deducted.get().customerId()).update();
    return new Refunded(amount, record(deducted.get().customerId(), "REFUND", amount, orderId, null).balanceAfter());
  }

  private Optional<Long> lockBalance(long customerId) {
    return jdbc.sql("SELECT point_balance FROM customer WHERE id = ? FOR UPDATE").param(customerId).query(Long.class).optional();
  }

  private Optional<LedgerEntry> entryOf(long orderId, String type) {
    return jdbc.sql("SELECT * FROM point_ledger WHERE order_id = ? AND entry_type = ?").params(orderId, type)
        .query(Wallets::entry).optional();
  }

  private LedgerEntry record(long customerId, String type, long amount, Long orderId, String requestId) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            INSERT INTO point_ledger (customer_id, entry_type, amount, order_id, request_id, balance_after)
            SELECT ?, ?, ?, ?, ?, point_balance FROM customer WHERE id = ?""")
        .params(customerId, type, amount, orderId, requestId, customerId).update(key);
    return jdbc.sql("SELECT * FROM point_ledger WHERE id = ?").param(key.getKey().longValue()).query(Wallets::entry).single();
  }

  private static Customer customer(ResultSet rs, int row) throws SQLException {
    return new Customer(rs.getLong("id"), rs.getString("name"), rs.getString("email"), rs.getLong("point_balance"), rs.getTimestamp("created_at").toInstant());
  }

  private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
    return new LedgerEntry(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("entry_type"), rs.getLong("amount"),
        rs.getObject("order_id", Long.class), rs.getString("request_id"), rs.getLong("balance_after"),
        rs.getTimestamp("created_at").toInstant());
  }
}
