package com.hhcommerce.ranking.messaging;

import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ProductCreated;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.api.OrderConfirmed;
import com.hhcommerce.order.api.OrderEventLine;
import com.hhcommerce.ranking.RankingProperties;
import com.hhcommerce.ranking.domain.ProductRanking;
import io.eventuate.tram.events.subscriber.DomainEventDispatcher;
import io.eventuate.tram.events.subscriber.DomainEventDispatcherFactory;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ranking's inbox: confirmed orders are counted, product names are learnt; OrderRejected is not
 * subscribed to, so a failed order never counts. The subscriber id is configurable (not an annotation's
 * constant) because rebuilding the ranking means reading both topics again under a fresh consumer group.
 */
@Configuration
class RankingSubscription {

  @Bean
  DomainEventDispatcher rankingEvents(DomainEventDispatcherFactory dispatchers, ProductRanking ranking,
                                      RankingProperties settings) {
    return dispatchers.make(settings.subscriberId(), DomainEventHandlersBuilder
        .forAggregateType(OrderChannels.ORDER_EVENTS)
        .onEvent(OrderConfirmed.class, envelope -> orderConfirmed(ranking, envelope))
        .andForAggregateType(InventoryChannels.PRODUCT_EVENTS)
        .onEvent(ProductCreated.class, envelope -> productCreated(ranking, envelope))
        .build());
  }

  private static void orderConfirmed(ProductRanking ranking, DomainEventEnvelope<OrderConfirmed> envelope) {
    OrderConfirmed order = envelope.getEvent();
    Map<Long, Integer> quantities = order.lines().stream()
        .collect(Collectors.toMap(OrderEventLine::productOptionId, OrderEventLine::quantity, Integer::sum));
    ranking.count(order.eventId(), Instant.parse(order.occurredAt()), quantities);
  }

  private static void productCreated(ProductRanking ranking, DomainEventEnvelope<ProductCreated> envelope) {
    ProductCreated product = envelope.getEvent();
    ranking.learnNames(product.aggregateId(), product.name(), product.options().stream()
        .collect(Collectors.toMap(ProductCreated.Option::productOptionId, ProductCreated.Option::name)));
  }
}
