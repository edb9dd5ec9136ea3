package com.hhcommerce.relay.contact;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Where each customer's notifications go, learnt from customer-wallet-service's CustomerRegistered events
 * rather than by asking it. Learning the same customer again (a redelivery, a replay) changes nothing.
 */
@Component
public class CustomerContacts {

  /** What is known of a customer: known, with or without an address. */
  public record Contact(long customerId, Optional<String> email) {
  }

  private final JdbcClient jdbc;

  public CustomerContacts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void learn(long customerId, String email) {
    jdbc.sql("INSERT INTO customer_contact (customer_id, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)")
        .params(customerId, email).update();
  }

  /** Empty while the customer's event has not arrived. */
  public Optional<Contact> of(long customerId) {
    return jdbc.sql("SELECT customer_id, email FROM customer_contact WHERE customer_id = ?").param(customerId)
        .query((rs, row) -> new Contact(rs.getLong("customer_id"), Optional.ofNullable(rs.getString("email")))).optional();
  }
}
