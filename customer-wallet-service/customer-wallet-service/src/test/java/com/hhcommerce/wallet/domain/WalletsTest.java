package com.hhcommerce.wallet.domain;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import com.hhcommerce.platform.testing.RealOutbox;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.messaging.CustomerEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Points against a real MariaDB: the balance guard, redelivery, refunds once, and concurrency. */
@Import({Wallets.class, CustomerEventPublisher.class, RealOutbox.class})
class WalletsTest extends RealDatabaseTest {

  @Autowired
  Wallets wallets;
  @Autowired
  JdbcClient jdbc;

  @Test
  void aRegisteredCustomersEventLeavesThroughTheOutbox() {
    long id = wallets.create("c", null, "test").id();
    String payload = jdbc.sql("SELECT payload FROM message WHERE destination = ? AND JSON_VALUE(payload, '$.aggregateId') = ?")
        .params(CustomerWalletChannels.CUSTOMER_EVENTS, id).query(String.class).single();
    assertThat(payload).contains("\"type\":\"CustomerRegistered\"").contains("\"correlationId\":\"test\"");
  }

  @Test
  void theEmailIsStoredAndTravelsWithTheEvent() {
    Customer customer = wallets.create("c", "kim@example.com", "test");
    assertThat(wallets.customer(customer.id()).orElseThrow().email()).isEqualTo("kim@example.com");
    String payload = jdbc.sql("SELECT payload FROM message WHERE destination = ? AND JSON_VALUE(payload, '$.aggregateId') = ?")
        .params(CustomerWalletChannels.CUSTOMER_EVENTS, customer.id()).query(String.class).single();
    assertThat(payload).contains("\"email\":\"kim@example.com\"");
  }

  private long customerWith(long points) {
    long id = wallets.create("c", null, "test").id();
    wallets.charge(id, points, "initial-" + id);
    return id;
  }

  private Wallets.DeductResult deduct(long order, long customer, long amount) {
    return tx.execute(s -> wallets.deduct(order, customer, amount));
  }

  private Wallets.Refunded refund(long order, long customer) {
    return tx.execute(s -> wallets.refund(order, customer));
  }

  private long balance(long customer) {
    return wallets.customer(customer).orElseThrow().pointBalance();
  }

  @Test
  void deductsOncePerOrderEvenWhenTheCommandIsRedelivered() {
    long customer = customerWith(10_000);
    assertThat(deduct(1, customer, 4_000)).isEqualTo(new Wallets.Deducted(4_000, 6_000));
    assertThat(deduct(1, customer, 4_000)).isEqualTo(new Wallets.Deducted(4_000, 6_000));
    assertThat(balance(customer)).isEqualTo(6_000);
  }

  @Test
  void refusesToGoBelowZeroAndSaysHowMuchIsMissing() {
    long customer = customerWith(1_000);
    assertThat(deduct(2, customer, 1_500)).isEqualTo(new Wallets.Insufficient(1_500, 1_000));
    assertThat(balance(customer)).isEqualTo(1_000);
    assertThat(wallets.ledger(customer, 0, 1000)).hasSize(1);
  }

  @Test
  void refundsWhatTheOrderDeductedOnceAndNothingWhenItDeductedNothing() {
    long customer = customerWith(5_000);
    deduct(3, customer, 2_000);
    assertThat(refund(3, customer)).isEqualTo(new Wallets.Refunded(2_000, 5_000));
    assertThat(refund(3, customer).amount()).isZero();
    assertThat(refund(4, customer).amount()).isZero();
    assertThat(balance(customer)).isEqualTo(5_000);
  }

  @Test
  void aDeductionThatComesAfterItsRefundTakesNothing() {
    long customer = customerWith(5_000);
    assertThat(refund(5, customer).amount()).isZero();

    assertThat(deduct(5, customer, 2_000)).isEqualTo(new Wallets.AlreadyRefunded());
    assertThat(balance(customer)).isEqualTo(5_000);
  }

  @Test
  void chargesOncePerRequestIdAndRefusesTheSameIdWithAnotherAmount() {
    long customer = wallets.create("c", null, "test").id();
    wallets.charge(customer, 700, "r-1");
    wallets.charge(customer, 700, "r-1");
    assertThatThrownBy(() -> wallets.charge(customer, 800, "r-1")).isInstanceOf(DomainRefusal.class);
    assertThat(balance(customer)).isEqualTo(700);
  }

  @Test
  void concurrentDeductionsTakeOnlyWhatFitsAndTheLedgerAddsUp() throws Exception {
    long customer = customerWith(10_000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Wallets.DeductResult>> orders = IntStream.range(0, 25)
          .mapToObj(i -> (Callable<Wallets.DeductResult>) () -> deduct(100 + i, customer, 1_000)).toList();
      long succeeded = 0;
      for (Future<Wallets.DeductResult> f : pool.invokeAll(orders)) {
        succeeded += f.get() instanceof Wallets.Deducted ? 1 : 0;
      }
      assertThat(succeeded).isEqualTo(10);
      assertThat(balance(customer)).isZero();
      long ledgerSum = wallets.ledger(customer, 0, 1000).stream()
          .mapToLong(e -> e.type().equals("CHARGE") || e.type().equals("REFUND") ? e.amount() : -e.amount()).sum();
      assertThat(ledgerSum).isEqualTo(balance(customer));
    } finally {
      pool.shutdownNow();
    }
  }
}
