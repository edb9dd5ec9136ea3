package com.hhcommerce.cart.replica;

import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ProductCreated;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.annotations.EventuateDomainEventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which product options exist, learnt from inventory-service's events rather than by asking it: a cart
 * keeps working while inventory-service is down, and never stores an option that does not exist.
 * Eventuate's received_messages drops a redelivered event; the insert is idempotent for a replayed one.
 */
@Component
public class KnownProductOptions {

  /** The Kafka consumer group of this replica: one per reader of the topic, never shared. */
  static final String SUBSCRIBER = "cart-service-product-replica";

  private final JdbcClient jdbc;

  public KnownProductOptions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @EventuateDomainEventHandler(subscriberId = SUBSCRIBER, channel = InventoryChannels.PRODUCT_EVENTS)
  public void productCreated(DomainEventEnvelope<ProductCreated> envelope) {
    ProductCreated product = envelope.getEvent();
    for (ProductCreated.Option option : product.options()) {
      learn(option.productOptionId(), product.aggregateId());
    }
  }

  public void learn(long productOptionId, long productId) {
    jdbc.sql("INSERT IGNORE INTO known_product_option (product_option_id, product_id) VALUES (?, ?)")
        .params(productOptionId, productId).update();
  }

  public boolean exists(long productOptionId) {
    return jdbc.sql("SELECT 1 FROM known_product_option WHERE product_option_id = ?").param(productOptionId)
        .query(Integer.class).optional().isPresent();
  }
}
