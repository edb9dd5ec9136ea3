package com.hhcommerce.relay.messaging;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.api.OrderConfirmed;
import com.hhcommerce.order.api.OrderRejected;
import com.hhcommerce.platform.messaging.NoDuplicateDetection;
import com.hhcommerce.relay.contact.CustomerContacts;
import com.hhcommerce.relay.dataplatform.DataPlatformClient;
import com.hhcommerce.relay.dataplatform.PlatformDeliveries;
import com.hhcommerce.relay.notification.OrderMail;
import com.hhcommerce.relay.notification.OrderNotifications;
import com.hhcommerce.wallet.api.CustomerRegistered;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import io.eventuate.tram.events.common.DomainEvent;
import io.eventuate.tram.events.subscriber.DomainEventDispatcher;
import io.eventuate.tram.events.subscriber.DomainEventDispatcherFactory;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * relay-service's inbox: one Kafka consumer group per purpose, so that each reads order-events at its own pace.
 * A slow mail server delays no data-platform delivery and the reverse, and neither delays the saga or the
 * ranking, which read in other groups and other processes.
 * <p>
 * No received_messages: every handler is idempotent by the event's id on its own (a contact is upserted, a
 * notification's row is claimed by the event id before its mail, a delivery's row is keyed by it), so Eventuate's
 * per-message insert would only add a database transaction per event. RelayIT replays the topic to prove it.
 */
@Configuration
@Import(NoDuplicateDetection.class)
class RelaySubscriptions {

  static final String CONTACTS = "relay-service-customer-contacts";
  static final String NOTIFICATIONS = "relay-service-notifications";
  static final String DATA_PLATFORM = "relay-service-data-platform";

  @Bean
  DomainEventDispatcher customerContactEvents(DomainEventDispatcherFactory dispatchers, CustomerContacts contacts) {
    return dispatchers.make(CONTACTS, DomainEventHandlersBuilder
        .forAggregateType(CustomerWalletChannels.CUSTOMER_EVENTS)
        .onEvent(CustomerRegistered.class, envelope -> contacts.learn(envelope.getEvent().aggregateId(), envelope.getEvent().email()))
        .build());
  }

  @Bean
  DomainEventDispatcher notificationEvents(DomainEventDispatcherFactory dispatchers, OrderNotifications notifications) {
    return dispatchers.make(NOTIFICATIONS, DomainEventHandlersBuilder
        .forAggregateType(OrderChannels.ORDER_EVENTS)
        .onEvent(OrderConfirmed.class, envelope -> notifications.notify(OrderMail.of(envelope.getEvent())))
        .onEvent(OrderRejected.class, envelope -> notifications.notify(OrderMail.of(envelope.getEvent())))
        .build());
  }

  /** Only with a platform's URL: without one, nothing reads order-events for it (health says the relay is off). */
  @Bean
  @ConditionalOnExpression(DataPlatformClient.CONFIGURED)
  DomainEventDispatcher dataPlatformEvents(DomainEventDispatcherFactory dispatchers, PlatformDeliveries deliveries) {
    return dispatchers.make(DATA_PLATFORM, DomainEventHandlersBuilder
        .forAggregateType(OrderChannels.ORDER_EVENTS)
        .onEvent(OrderConfirmed.class, envelope -> relay(deliveries, envelope, envelope.getEvent().eventId(), envelope.getEvent().type()))
        .onEvent(OrderRejected.class, envelope -> relay(deliveries, envelope, envelope.getEvent().eventId(), envelope.getEvent().type()))
        .build());
  }

  /** The event as it was published, not as this service would serialise it again: the platform gets every field. */
  private static void relay(PlatformDeliveries deliveries, DomainEventEnvelope<? extends DomainEvent> envelope, String eventId, String type) {
    deliveries.relay(eventId, type, envelope.getMessage().getPayload());
  }
}
