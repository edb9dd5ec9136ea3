package com.hhcommerce.inventory.api;

/** The channels of inventory-service; a channel is a Kafka topic of the same name. */
public final class InventoryChannels {

  /** Commands to inventory-service: ReserveStockCommand, ReleaseStockCommand (and the bus ping). */
  public static final String COMMANDS = "inventory-service-commands";

  private InventoryChannels() {
  }
}
