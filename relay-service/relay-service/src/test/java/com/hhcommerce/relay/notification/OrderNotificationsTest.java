package com.hhcommerce.relay.notification;

import com.hhcommerce.order.api.OrderConfirmed;
import com.hhcommerce.order.api.OrderEventLine;
import com.hhcommerce.order.api.OrderRejected;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import com.hhcommerce.relay.RelayTestSupport;
import com.hhcommerce.relay.contact.CustomerContacts;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Order notifications against a real MariaDB and a real SMTP server (GreenMail), which a test stops. */
@Import({RelayTestSupport.class, CustomerContacts.class, Mailer.class, OrderNotifications.class})
@ImportAutoConfiguration(MailSenderAutoConfiguration.class)
class OrderNotificationsTest extends RealDatabaseTest {

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);
  private static final AtomicLong ids = new AtomicLong(1_000);

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("hh.mail.host", () -> "127.0.0.1");
    registry.add("hh.mail.port", ServerSetupTest.SMTP::getPort);
  }

  @Autowired
  OrderNotifications notifications;
  @Autowired
  CustomerContacts contacts;
  @Autowired
  CircuitBreakerRegistry breakers;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  MeterRegistry meters;
  @Autowired
  Mailer mailer;

  @BeforeEach
  void breakerClosed() {
    breakers.circuitBreaker("notification").reset();
  }

  @Test
  void aConfirmedOrderIsMailedToItsCustomerOnceWithWhatWasOrdered() throws Exception {
    long customer = ids.incrementAndGet();
    contacts.learn(customer, "minji@example.com");
    OrderMail mail = OrderMail.of(new OrderConfirmed(UUID.randomUUID().toString(), "OrderConfirmed", "order-events", 41, "2026-12-02T10:00:00Z",
        "c", customer, 78_000, 3_000, 75_000, null, List.of(new OrderEventLine(5, "Linen shirt", "M", 2, 39_000))));

    assertThat(notifications.notify(mail)).isEqualTo(OrderNotifications.Outcome.SENT);
    assertThat(notifications.notify(mail)).as("the same event again").isEqualTo(OrderNotifications.Outcome.SENT);
    assertThat(outcomeOf(mail)).isEqualTo("SENT");

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("minji@example.com");
    assertThat(received[0].getSubject()).isEqualTo("Your order 41 is confirmed");
    assertThat(received[0].getHeader(Mailer.EVENT_ID_HEADER)[0]).isEqualTo(mail.eventId());
    assertThat(received[0].getContent().toString()).contains("2 x Linen shirt (M) at 39,000", "Coupon discount: 3,000", "Paid with points: 75,000");
  }

  @Test
  void aCustomerWithoutAnAddressOrNotYetKnownGetsNothingAndTheRecordSaysSo() {
    long withoutAddress = ids.incrementAndGet();
    contacts.learn(withoutAddress, null);
    assertThat(notifications.notify(rejected(withoutAddress))).isEqualTo(OrderNotifications.Outcome.SKIPPED);
    assertThat(notifications.notify(rejected(ids.incrementAndGet()))).isEqualTo(OrderNotifications.Outcome.SKIPPED);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aMailServerThatIsAwayCostsTheNotificationNotTheEventAndOpensTheBreaker() {
    long customer = ids.incrementAndGet();
    contacts.learn(customer, "away@example.com");
    smtp.stop();
    try {
      for (int i = 0; i < 4; i++) { // 3 tries each: the breaker's window of 10 calls is full after the fourth
        OrderMail mail = rejected(customer);
        assertThat(notifications.notify(mail)).isEqualTo(OrderNotifications.Outcome.FAILED);
        assertThat(outcomeOf(mail)).isEqualTo("FAILED");
      }
      assertThat(breakers.circuitBreaker("notification").getState().name()).isEqualTo("OPEN");
      assertThat(notifications.notify(rejected(customer))).as("refused by the open breaker, at once").isEqualTo(OrderNotifications.Outcome.FAILED);
    } finally {
      smtp.start();
    }
  }

  /** The connection kept from the mail before is dead after the restart: replaced before the next mail is handed over. */
  @Test
  void aMailServerRestartedBetweenTwoMailsCostsNeitherOfThem() throws Exception {
    long customer = ids.incrementAndGet();
    contacts.learn(customer, "restart@example.com");
    OrderMail before = rejected(customer);
    assertThat(notifications.notify(before)).isEqualTo(OrderNotifications.Outcome.SENT);
    assertThat(mailer.idleConnections()).as("its connection kept").isEqualTo(1);

    smtp.stop();
    smtp.start();
    OrderMail after = rejected(customer);

    assertThat(notifications.notify(after)).isEqualTo(OrderNotifications.Outcome.SENT);
    assertThat(mailsOf(after)).hasSize(1);
  }

  @Test
  void mailsSentFromManyThreadsAtOnceAllArriveOnce() throws Exception {
    int threads = 8;
    int each = 5;
    List<OrderMail> mails = new ArrayList<>();
    for (int i = 0; i < threads * each; i++) {
      long customer = ids.incrementAndGet();
      contacts.learn(customer, "crowd-" + customer + "@example.com");
      mails.add(rejected(customer));
    }
    long openedBefore = mailer.connectionsOpened();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<OrderNotifications.Outcome>> outcomes = new ArrayList<>();
      for (OrderMail mail : mails) {
        outcomes.add(pool.submit(() -> notifications.notify(mail)));
      }
      for (Future<OrderNotifications.Outcome> outcome : outcomes) {
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(OrderNotifications.Outcome.SENT);
      }
    } finally {
      pool.shutdownNow();
    }
    for (OrderMail mail : mails) {
      assertThat(mailsOf(mail)).as("the mail of " + mail.eventId()).hasSize(1);
    }
    // a connection per thread at most, and one more each time one has carried its 20 mails
    assertThat(mailer.connectionsOpened() - openedBefore).as("connections opened for %d mails", mails.size())
        .isBetween(1L, (long) threads + mails.size() / 20);
    assertThat(mailer.idleConnections()).as("kept for the next mails").isPositive();
  }

  @Test
  void aCrashBetweenTheMailAndItsRecordLeavesItSendingAndTheReplayedEventSendsNothing() throws Exception {
    long customer = ids.incrementAndGet();
    contacts.learn(customer, "crash@example.com");
    OrderMail mail = rejected(customer);
    double interruptedBefore = interrupted();

    // the crash: recording SENT fails once the server has the mail; inside a caller's transaction, which it rolls back
    failWhenRecordedSent(mail);
    try {
      assertThatThrownBy(() -> tx.executeWithoutResult(status -> notifications.notify(mail))).isInstanceOf(DataAccessException.class);
    } finally {
      jdbc.sql("DROP TRIGGER notification_crash_on_insert").update();
      jdbc.sql("DROP TRIGGER notification_crash_on_update").update();
    }
    assertThat(mailsOf(mail)).as("the mail left before the crash (the precondition)").hasSize(1);
    assertThat(outcomeOf(mail)).as("the claim, committed before the mail left").isEqualTo("SENDING");

    // the restart: the event comes again, twice
    assertThat(notifications.notify(mail)).isEqualTo(OrderNotifications.Outcome.SENDING);
    assertThat(notifications.notify(mail)).isEqualTo(OrderNotifications.Outcome.SENDING);
    assertThat(mailsOf(mail)).as("not sent again").hasSize(1);
    assertThat(outcomeOf(mail)).isEqualTo("SENDING");
    assertThat(jdbc.sql("SELECT reason FROM notification WHERE event_id = ?").param(mail.eventId()).query(String.class).single())
        .isEqualTo(OrderNotifications.INTERRUPTED_REASON);
    assertThat(interrupted() - interruptedBefore).as("reported once").isEqualTo(1.0);
  }

  /** Triggers that refuse the record of this event's mail as SENT, whether written as a new row or as a mark. */
  private void failWhenRecordedSent(OrderMail mail) {
    for (String event : List.of("INSERT", "UPDATE")) {
      jdbc.sql("""
          CREATE TRIGGER notification_crash_on_%s BEFORE %s ON notification FOR EACH ROW
          IF NEW.event_id = '%s' AND NEW.outcome = 'SENT' THEN
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'crash before the record';
          END IF""".formatted(event.toLowerCase(), event, mail.eventId())).update();
    }
  }

  private List<MimeMessage> mailsOf(OrderMail mail) throws MessagingException {
    List<MimeMessage> mine = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      String[] ids = message.getHeader(Mailer.EVENT_ID_HEADER);
      if (ids != null && Arrays.asList(ids).contains(mail.eventId())) {
        mine.add(message);
      }
    }
    return mine;
  }

  private String outcomeOf(OrderMail mail) {
    return jdbc.sql("SELECT outcome FROM notification WHERE event_id = ?").param(mail.eventId()).query(String.class).single();
  }

  private double interrupted() {
    return meters.counter(OrderNotifications.COUNTER, "outcome", OrderNotifications.INTERRUPTED).count();
  }

  private static OrderMail rejected(long customer) {
    return OrderMail.of(new OrderRejected(UUID.randomUUID().toString(), "OrderRejected", "order-events", ids.incrementAndGet(),
        "2026-12-02T10:00:00Z", "c", customer, "OUT_OF_STOCK", "Not enough stock"));
  }
}
