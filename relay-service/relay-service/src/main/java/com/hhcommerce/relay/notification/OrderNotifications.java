package com.hhcommerce.relay.notification;

import com.hhcommerce.relay.contact.CustomerContacts;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Tells the customer the outcome of their order by email, at most once per event. Not core (the seed's rule): a
 * mail server that fails or is away costs the notification, logged and counted, never the order nor the flow of
 * events; it is not retried later, an outcome mailed minutes late being of little use.
 * <p>
 * The event's row is claimed as SENDING and committed before the mail leaves, then marked SENT or FAILED. A
 * redelivered or replayed event finds the row and sends nothing. A crash between the claim and the mark leaves
 * SENDING: whether the mail left is unknown, so the redelivery reports it (logged, counted "interrupted") and
 * does not send it again.
 */
@Service
public class OrderNotifications {

  public enum Outcome { SENDING, SENT, FAILED, SKIPPED }

  static final String COUNTER = "hh.notifications";
  static final String INTERRUPTED = "interrupted";
  static final String INTERRUPTED_REASON = "interrupted after the claim: the mail may or may not have left; not sent again";
  private static final Logger log = LoggerFactory.getLogger(OrderNotifications.class);

  private final CustomerContacts contacts;
  private final Mailer mailer;
  private final JdbcClient jdbc;
  private final MeterRegistry meters;
  /** Each write commits before the next step, whatever transaction the caller runs in: the claim must outlive a crash. */
  private final TransactionTemplate ownTransaction;

  public OrderNotifications(CustomerContacts contacts, Mailer mailer, JdbcClient jdbc, MeterRegistry meters,
                            PlatformTransactionManager transactions) {
    this.contacts = contacts;
    this.mailer = mailer;
    this.jdbc = jdbc;
    this.meters = meters;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    for (String outcome : new String[] {"sent", "failed", "skipped", INTERRUPTED}) {
      meters.counter(COUNTER, "outcome", outcome).increment(0);
    }
  }

  public Outcome notify(OrderMail mail) {
    Optional<String> recipient = contacts.of(mail.customerId()).flatMap(CustomerContacts.Contact::email);
    if (recipient.isEmpty()) {
      return claim(mail, null, Outcome.SKIPPED, "no email address known for customer " + mail.customerId())
          ? counted(Outcome.SKIPPED) : earlier(mail);
    }
    if (!claim(mail, recipient.get(), Outcome.SENDING, null)) {
      return earlier(mail);
    }
    try {
      mailer.send(mail, recipient.get());
    } catch (MailException | CallNotPermittedException e) {
      log.warn("Order {}: the {} notification to customer {} was not sent: {}", mail.orderId(), mail.eventType(), mail.customerId(), e.toString());
      return mark(mail, Outcome.FAILED, e.toString());
    }
    return mark(mail, Outcome.SENT, null);
  }

  /** The event's row, unless it has one: false when the event was seen before. */
  private boolean claim(OrderMail mail, String recipient, Outcome outcome, String reason) {
    Integer inserted = ownTransaction.execute(status -> jdbc.sql("""
            INSERT IGNORE INTO notification (event_id, event_type, order_id, customer_id, recipient, outcome, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(mail.eventId(), mail.eventType(), mail.orderId(), mail.customerId(), recipient, outcome.name(), reason)
        .update());
    return inserted != null && inserted == 1;
  }

  private Outcome mark(OrderMail mail, Outcome outcome, String reason) {
    Integer marked = ownTransaction.execute(status -> jdbc.sql("UPDATE notification SET outcome = ?, reason = ? WHERE event_id = ? AND outcome = 'SENDING'")
        .params(outcome.name(), reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000), mail.eventId())
        .update());
    if (marked == null || marked != 1) {
      throw new IllegalStateException("The notification of event %s is no longer SENDING: not marked %s".formatted(mail.eventId(), outcome));
    }
    return counted(outcome);
  }

  /** A redelivery or replay: nothing is sent; a SENDING row found is reported, once. */
  private Outcome earlier(OrderMail mail) {
    Outcome earlier = jdbc.sql("SELECT outcome FROM notification WHERE event_id = ?").param(mail.eventId())
        .query(String.class).optional().map(Outcome::valueOf)
        .orElseThrow(() -> new IllegalStateException("The notification of event %s was claimed, then deleted".formatted(mail.eventId())));
    if (earlier == Outcome.SENDING) {
      int reported = ownTransaction.execute(status -> jdbc.sql("UPDATE notification SET reason = ? WHERE event_id = ? AND outcome = 'SENDING' AND reason IS NULL")
          .params(INTERRUPTED_REASON, mail.eventId()).update());
      if (reported == 1) {
        log.warn("Order {}: the {} notification to customer {} was interrupted after its claim (a crash, or it is still being sent "
            + "elsewhere): it may or may not have left, and is not sent again", mail.orderId(), mail.eventType(), mail.customerId());
        meters.counter(COUNTER, "outcome", INTERRUPTED).increment();
      }
    }
    return earlier;
  }

  private Outcome counted(Outcome outcome) {
    meters.counter(COUNTER, "outcome", outcome.name().toLowerCase()).increment();
    return outcome;
  }
}
