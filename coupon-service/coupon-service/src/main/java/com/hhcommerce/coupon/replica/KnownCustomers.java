package com.hhcommerce.coupon.replica;

import com.hhcommerce.wallet.api.CustomerRegistered;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.annotations.EventuateDomainEventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which customers exist, learnt from customer-wallet-service's events rather than by asking it.
 * Eventuate's received_messages drops a redelivered event; the insert is idempotent for a replayed one.
 */
@Component
public class KnownCustomers {

  /** The Kafka consumer group of this replica: one per reader of the topic, never shared. */
  static final String SUBSCRIBER = "coupon-service-customer-replica";

  private final JdbcClient jdbc;

  public KnownCustomers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @EventuateDomainEventHandler(subscriberId = SUBSCRIBER, channel = CustomerWalletChannels.CUSTOMER_EVENTS)
  public void customerRegistered(DomainEventEnvelope<CustomerRegistered> envelope) {
    learn(envelope.getEvent().aggregateId());
  }

  public void learn(long customerId) {
    jdbc.sql("INSERT IGNORE INTO known_customer (customer_id) VALUES (?)").param(customerId).update();
  }

  public boolean exists(long customerId) {
    return jdbc.sql("SELECT 1 FROM known_customer WHERE customer_id = ?").param(customerId).query(Integer.class).optional().isPresent();
  }
}
