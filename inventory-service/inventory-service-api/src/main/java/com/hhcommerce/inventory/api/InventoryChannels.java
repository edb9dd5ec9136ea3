package com.hhcommerce.inventory.api;

/** The channels of inventory-service; a channel is a Kafka topic of the same name. */
public final class InventoryChannels {

  /** Commands to inventory-service: ReserveStockCommand, ReleaseStockCommand (and the bus ping). */
  public static final String COMMANDS = "inventory-service-commands";

  /**
   * Domain events of products (ProductCreated); the aggregate type of Product, keyed by product id.
   * Read by cart-service (which options exist) and ranking-service (their names).
   */
  public static final String PRODUCT_EVENTS = "product-events";

  private InventoryChannels() {
  }
}
