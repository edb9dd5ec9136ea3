package com.hhcommerce.inventory.api;

import io.eventuate.tram.events.common.DomainEvent;

import java.util.List;

/**
 * Published on {@link InventoryChannels#PRODUCT_EVENTS} in the transaction that creates the product.
 * Names never change after creation, so there is no "changed" event; stock changes are nobody else's business.
 * occurredAt is ISO-8601 UTC; correlationId is the one the client sent (X-Correlation-Id) or was given.
 */
public record ProductCreated(String eventId, String type, String aggregateType, long aggregateId, String occurredAt,
                             String correlationId, String name, List<Option> options) implements DomainEvent {

  public record Option(long productOptionId, String name) {
  }
}
