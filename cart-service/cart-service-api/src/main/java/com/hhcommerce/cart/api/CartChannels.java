package com.hhcommerce.cart.api;

/** The channels of cart-service; a channel is a Kafka topic of the same name. */
public final class CartChannels {

  /** Commands to cart-service: ClearCartCommand, RestoreCartCommand (and the bus ping). */
  public static final String COMMANDS = "cart-service-commands";

  private CartChannels() {
  }
}
