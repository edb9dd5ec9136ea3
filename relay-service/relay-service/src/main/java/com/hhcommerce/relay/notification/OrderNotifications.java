package com.hhcommerce.relay.notification;

import com.hhcommerce.relay.contact.CustomerContacts;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

import java.util.Optional;

/**
 * Tells the customer the outcome of their order by email. Not core (the seed's rule): a mail server that fails
 * or is away costs the notification, logged and counted, never the order nor the flow of events; it is not
 * retried later, an outcome mailed minutes late being of little use. Each event is mailed at most once: its
 * outcome is recorded by event id, and a replayed event finds the record.
 */
@Service
public class OrderNotifications {

  public enum Outcome { SENT, FAILED, SKIPPED }

  static final String COUNTER = "hh.notifications";
  private static final Logger log = LoggerFactory.getLogger(OrderNotifications.class);

  private final CustomerContacts contacts;
  private final Mailer mailer;
  private final JdbcClient jdbc;
  private final MeterRegistry meters;

  public OrderNotifications(CustomerContacts contacts, Mailer mailer, JdbcClient jdbc, MeterRegistry meters) {
    this.contacts = contacts;
    this.mailer = mailer;
    this.jdbc = jdbc;
    this.meters = meters;
    for (Outcome outcome : Outcome.values()) {
      meters.counter(COUNTER, "outcome", outcome.name().toLowerCase()).increment(0);
    }
  }

  public Outcome notify(OrderMail mail) {
    Optional<Outcome> earlier = jdbc.sql("SELECT outcome FROM notification WHERE event_id = ?").param(mail.eventId())
        .query(String.class).optional().map(Outcome::valueOf);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Optional<String> recipient = contacts.of(mail.customerId()).flatMap(CustomerContacts.Contact::email);
    if (recipient.isEmpty()) {
      return record(mail, null, Outcome.SKIPPED, "no email address known for customer " + mail.customerId());
    }
    try {
      mailer.send(mail, recipient.get());
      return record(mail, recipient.get(), Outcome.SENT, null);
    } catch (MailException | CallNotPermittedException e) {
      log.warn("Order {}: the {} notification to customer {} was not sent: {}", mail.orderId(), mail.eventType(), mail.customerId(), e.toString());
      return record(mail, recipient.get(), Outcome.FAILED, e.toString());
    }
  }

  private Outcome record(OrderMail mail, String recipient, Outcome outcome, String reason) {
    jdbc.sql("""
            INSERT IGNORE INTO notification (event_id, event_type, order_id, customer_id, recipient, outcome, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(mail.eventId(), mail.eventType(), mail.orderId(), mail.customerId(), recipient, outcome.name(),
            reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000))
        .update();
    meters.counter(COUNTER, "outcome", outcome.name().toLowerCase()).increment();
    return outcome;
  }
}
