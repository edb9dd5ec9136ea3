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
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(notifications.notify(rejected(customer))).isEqualTo(OrderNotifications.Outcome.FAILED);
      }
      assertThat(breakers.circuitBreaker("notification").getState().name()).isEqualTo("OPEN");
      assertThat(notifications.notify(rejected(customer))).as("refused by the open breaker, at once").isEqualTo(OrderNotifications.Outcome.FAILED);
    } finally {
      smtp.start();
    }
  }

  private static OrderMail rejected(long customer) {
    return OrderMail.of(new OrderRejected(UUID.randomUUID().toString(), "OrderRejected", "order-events", ids.incrementAndGet(),
        "2026-12-02T10:00:00Z", "c", customer, "OUT_OF_STOCK", "Not enough stock"));
  }
}
