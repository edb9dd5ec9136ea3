package com.hhcommerce.cart.domain;

import com.hhcommerce.cart.api.CartLine;
import com.hhcommerce.cart.replica.KnownProductOptions;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clearing and restoring carts against a real MariaDB: all-or-nothing, redelivery, nothing to undo. */
@Import({Carts.class, KnownProductOptions.class})
class CartsTest extends RealDatabaseTest {

  @Autowired
  Carts carts;
  @Autowired
  KnownProductOptions knownOptions;

  /** Options 1-99 exist, as if inventory's events had told the cart; 999 never does. */
  @BeforeEach
  void knownOptions() {
    for (long option = 1; option < 100; option++) {
      knownOptions.learn(option, 1);
    }
  }

  @Test
  void refusesAnOptionItHasNotHeardOfNamingTheFieldAndStoresNothing() {
    assertThatThrownBy(() -> carts.add(7, 999, 1)).isInstanceOfSatisfying(DomainRefusal.class, refusal -> {
      assertThat(refusal.code()).isEqualTo("unknown-product-option");
      assertThat(refusal.facts()).containsEntry("field", "productOptionId").containsEntry("productOptionId", 999L);
    });
    assertThat(cart(7)).isEmpty();
  }

  @Test
  void orderingPartOfALineLeavesTheRestInTheCart() {
    carts.add(9, 11, 2);
    carts.add(9, 12, 3);
    assertThat(clear(900, 9, new CartLine(11, 1), new CartLine(12, 1))).isEqualTo(new Carts.Cleared(2));
    assertThat(cart(9)).isEqualTo(Map.of(11L, 1, 12L, 2));
    assertThat(clear(901, 9, new CartLine(11, 1))).isEqualTo(new Carts.Cleared(1));
    assertThat(cart(9)).as("all of a line ordered: the line goes").isEqualTo(Map.of(12L, 2));
  }

  @Test
  void addingPastTheLimitIsRefusedAndLeavesTheCartAsItWas() {
    carts.add(8, 5, 990);
    assertThatThrownBy(() -> carts.add(8, 5, 10)).isInstanceOfSatisfying(DomainRefusal.class,
        refusal -> assertThat(refusal.code()).isEqualTo("cart-quantity-too-large"));
    assertThat(cart(8)).as("the upsert rolled back").isEqualTo(Map.of(5L, 990));
    carts.add(8, 5, 9);
    assertThat(cart(8)).isEqualTo(Map.of(5L, 999));
  }

  /**
   * Many customers adding the same option at once, each to their own cart: with a locking read before the insert,
   * InnoDB's gap locks made some of these deadlock (500s on the real stack); the upsert takes no gap lock to wait on.
   */
  @Test
  void customersAddingToTheirOwnCartsAtOnceNeverDeadlock() throws Exception {
    int customers = 40;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(customers);
    try {
      List<Future<?>> adds = new ArrayList<>();
      for (int i = 0; i < customers; i++) {
        long customer = 1_000 + 2L * i; // interleaved ids: every insert lands in a gap another customer's row bounds
        adds.add(threads.submit(() -> {
          go.await();
          return carts.add(customer, 42, 1);
        }));
      }
      go.countDown();
      for (Future<?> add : adds) {
        add.get(); // a deadlock would surface here: this context has no retry around the call
      }
    } finally {
      threads.shutdownNow();
    }
    for (int i = 0; i < customers; i++) {
      assertThat(cart(1_000 + 2L * i)).isEqualTo(Map.of(42L, 1));
    }
  }

  private Map<Long, Integer> cart(long customer) {
    return carts.items(customer).stream().collect(Collectors.toMap(CartItem::productOptionId, CartItem::quantity));
  }

  private Carts.ClearResult clear(long order, long customer, CartLine... lines) {
    return tx.execute(s -> carts.clear(order, customer, List.of(lines)));
  }

  private int restore(long order, long customer) {
    Integer restored = tx.execute(s -> carts.restore(order, customer));
    return restored == null ? -1 : restored;
  }

  @Test
  void removesTheOrderedQuantitiesAndARedeliveryChangesNothing() {
    carts.add(1, 10, 3);
    carts.add(1, 20, 1);

    assertThat(clear(100, 1, new CartLine(10, 2), new CartLine(20, 1))).isEqualTo(new Carts.Cleared(2));
    assertThat(clear(100, 1, new CartLine(10, 2), new CartLine(20, 1))).isEqualTo(new Carts.Cleared(2));
    assertThat(cart(1)).isEqualTo(Map.of(10L, 1));
  }

  @Test
  void removesNothingWhenAnOrderedItemIsMissing() {
    carts.add(2, 10, 1);
    assertThat(clear(101, 2, new CartLine(10, 1), new CartLine(30, 1))).isEqualTo(new Carts.Missing(List.of(30L)));
    assertThat(clear(102, 2, new CartLine(10, 2))).isEqualTo(new Carts.Missing(List.of(10L)));
    assertThat(cart(2)).isEqualTo(Map.of(10L, 1));
  }

  @Test
  void restoresWhatWasClearedOnceAddingToWhatIsThereNow() {
    carts.add(3, 10, 2);
    clear(103, 3, new CartLine(10, 2));
    carts.add(3, 10, 1);

    assertThat(restore(103, 3)).isEqualTo(1);
    assertThat(restore(103, 3)).isZero();
    assertThat(cart(3)).isEqualTo(Map.of(10L, 3));
  }

  @Test
  void restoreWithNothingClearedSucceedsAndChangesNothing() {
    carts.add(4, 10, 1);
    assertThat(restore(999, 4)).isZero();
    assertThat(cart(4)).isEqualTo(Map.of(10L, 1));
  }

  @Test
  void aClearThatComesAfterItsRestoreTakesNothing() {
    carts.add(5, 10, 2);
    assertThat(restore(105, 5)).isZero();

    assertThat(clear(105, 5, new CartLine(10, 2))).isEqualTo(new Carts.AlreadyRestored());
    assertThat(cart(5)).isEqualTo(Map.of(10L, 2));
  }
}
