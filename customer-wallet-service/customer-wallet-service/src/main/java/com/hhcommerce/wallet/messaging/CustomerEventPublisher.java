package com.hhcommerce.wallet.messaging;

import com.hhcommerce.wallet.api.AccountDisabled;
import com.hhcommerce.wallet.api.CustomerRegistered;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.domain.Customer;
import io.eventuate.tram.events.publisher.DomainEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes customer and account events to the outbox, in the transaction that makes the change. */
@Component
public class CustomerEventPublisher {

  private final DomainEventPublisher publisher;
  private final Clock clock;

  public CustomerEventPublisher(DomainEventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  public void registered(Customer customer, String correlationId) {
    publisher.publish(CustomerWalletChannels.CUSTOMER_EVENTS, customer.id(), List.of(new CustomerRegistered(UUID.randomUUID().toString(),
        "CustomerRegistered", CustomerWalletChannels.CUSTOMER_EVENTS, customer.id(), clock.instant().toString(), correlationId, customer.email())));
  }

  public void accountDisabled(long accountId, Instant at, String correlationId) {
    publisher.publish(CustomerWalletChannels.ACCOUNT_EVENTS, accountId, List.of(new AccountDisabled(UUID.randomUUID().toString(),
        "AccountDisabled", CustomerWalletChannels.ACCOUNT_EVENTS, accountId, at.toString(), correlationId)));
  }
}
