package com.hhcommerce.inventory.domain;

import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.StockLine;
import com.hhcommerce.inventory.messaging.ProductEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import com.hhcommerce.platform.testing.RealOutbox;
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

/** Reservation and release against a real MariaDB: the guard, redelivery, and nothing to undo. */
@Import({Inventory.class, ProductEventPublisher.class, RealOutbox.class})
class InventoryTest extends RealDatabaseTest {

  @Autowired
  Inventory inventory;
  @Autowired
  JdbcClient jdbc;

  @Test
  void aCreatedProductsEventLeavesThroughTheOutboxWithItsOptions() {
    List<ProductOption> options = product(3, 4);
    long productId = options.get(0).productId();
    String payload = jdbc.sql("SELECT payload FROM message WHERE destination = ? AND JSON_VALUE(payload, '$.aggregateId') = ?")
        .params(InventoryChannels.PRODUCT_EVENTS, productId).query(String.class).single();
    assertThat(payload).contains("\"productOptionId\":" + options.get(0).id()).contains("\"productOptionId\":" + options.get(1).id())
        .contains("\"correlationId\":\"test\"").contains("\"name\":\"shirt\"");
  }

  private List<ProductOption> product(int... stocks) {
    return inventory.createProduct("shirt", IntStream.of(stocks).mapToObj(s -> new Inventory.NewOption("opt", 1_500, s)).toList(), "test").options();
  }

  private ReservationResult reserve(long orderId, StockLine... lines) {
    return tx.execute(s -> inventory.reserve(orderId, List.of(lines)));
  }

  private int release(long orderId) {
    Integer released = tx.execute(s -> inventory.release(orderId));
    return released == null ? -1 : released;
  }

  private int stock(long optionId) {
    return inventory.option(optionId).orElseThrow().stock();
  }

  @Test
  void reservesEveryLineWithTheCurrentPrices() {
    var options = product(5, 3);
    ReservationResult result = reserve(1, new StockLine(options.get(0).id(), 2), new StockLine(options.get(1).id(), 3));

    assertThat(result).isInstanceOf(ReservationResult.Reserved.class);
    assertThat(((ReservationResult.Reserved) result).lines()).extracting(l -> l.unitPrice()).containsOnly(1_500L);
    assertThat(stock(options.get(0).id())).isEqualTo(3);
    assertThat(stock(options.get(1).id())).isZero();
  }

  @Test
  void reservesNothingWhenOneLineIsShort() {
    var options = product(5, 1);
    ReservationResult result = reserve(2, new StockLine(options.get(0).id(), 2), new StockLine(options.get(1).id(), 2));

    assertThat(result).isEqualTo(new ReservationResult.Insufficient(options.get(1).id(), 2, 1));
    assertThat(stock(options.get(0).id())).isEqualTo(5);
    assertThat(stock(options.get(1).id())).isEqualTo(1);
  }

  @Test
  void refusesAnUnknownOption() {
    var options = product(5);
    assertThat(reserve(3, new StockLine(options.get(0).id(), 1), new StockLine(987_654, 1)))
        .isEqualTo(new ReservationResult.UnknownOption(987_654));
    assertThat(stock(options.get(0).id())).isEqualTo(5);
  }

  @Test
  void aRedeliveredReservationChangesNothing() {
    long option = product(5).get(0).id();
    ReservationResult first = reserve(4, new StockLine(option, 2));
    ReservationResult again = reserve(4, new StockLine(option, 2));

    assertThat(again).isEqualTo(first);
    assertThat(stock(option)).isEqualTo(3);
  }

  @Test
  void releaseGivesBackExactlyWhatTheOrderHeldOnce() {
    long option = product(5).get(0).id();
    reserve(5, new StockLine(option, 4));

    assertThat(release(5)).isEqualTo(1);
    assertThat(release(5)).isZero();
    assertThat(stock(option)).isEqualTo(5);
  }

  @Test
  void releaseWithNothingReservedSucceedsAndChangesNothing() {
    long option = product(5).get(0).id();
    assertThat(release(6)).isZero();
    assertThat(stock(option)).isEqualTo(5);
  }

  @Test
  void aReserveThatComesAfterItsReleaseTakesNothing() {
    long option = product(5).get(0).id();
    assertThat(release(7)).isZero();

    assertThat(reserve(7, new StockLine(option, 2))).isEqualTo(new ReservationResult.AlreadyReleased());
    assertThat(stock(option)).isEqualTo(5);
  }

  @Test
  void concurrentOrdersNeverOversell() throws Exception {
    long option = product(5).get(0).id();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<ReservationResult>> orders = IntStream.range(0, 20)
          .mapToObj(i -> (Callable<ReservationResult>) () -> reserve(100 + i, new StockLine(option, 1))).toList();
      long reserved = 0;
      for (Future<ReservationResult> f : pool.invokeAll(orders)) {
        reserved += f.get() instanceof ReservationResult.Reserved ? 1 : 0;
      }
      assertThat(reserved).isEqualTo(5);
      assertThat(stock(option)).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
