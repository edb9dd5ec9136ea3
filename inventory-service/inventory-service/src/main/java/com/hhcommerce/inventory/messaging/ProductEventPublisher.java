package com.hhcommerce.inventory.messaging;

import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ProductCreated;
import com.hhcommerce.inventory.domain.Product;
import io.eventuate.tram.events.publisher.DomainEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Writes product events to the outbox, in the transaction that makes the change. */
@Component
public class ProductEventPublisher {

  private final DomainEventPublisher publisher;
  private final Clock clock;

  public ProductEventPublisher(DomainEventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  public void created(Product product, String correlationId) {
    List<ProductCreated.Option> options = product.options().stream()
        .map(o -> new ProductCreated.Option(o.id(), o.name())).toList();
    publisher.publish(InventoryChannels.PRODUCT_EVENTS, product.id(), List.of(new ProductCreated(UUID.randomUUID().toString(),
        "ProductCreated", InventoryChannels.PRODUCT_EVENTS, product.id(), clock.instant().toString(), correlationId,
        product.name(), options)));
  }
}
