package com.hhcommerce.order.simulation;

import com.hhcommerce.cart.domain.Carts;
import com.hhcommerce.cart.messaging.CartCommandHandler;
import com.hhcommerce.cart.replica.KnownProductOptions;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.coupon.messaging.CouponCommandHandler;
import com.hhcommerce.coupon.replica.KnownCustomers;
import com.hhcommerce.inventory.domain.Inventory;
import com.hhcommerce.inventory.messaging.InventoryCommandHandler;
import com.hhcommerce.inventory.messaging.ProductEventPublisher;
import com.hhcommerce.wallet.domain.Wallets;
import com.hhcommerce.wallet.messaging.CustomerEventPublisher;
import com.hhcommerce.wallet.messaging.CustomerWalletCommandHandler;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The saga's participants as the simulation runs them: each service's real command handler and domain class (and
 * what those need), with Spring Boot's auto-configuration as in the service (data source, Flyway, transactions,
 * Eventuate's duplicate detection) and messaging on the held bus. Each service's own application class is not used:
 * its web layer, security and replicas have no part in the saga. Adding a participant to the saga means adding it
 * here. Test configurations, so that the component tests' scan of com.hhcommerce.order leaves them out.
 */
final class SimulatedParticipants {

  /** A participant: its service name (also its schema's), the configuration that is its inbox, its migrations' folder. */
  record Participant(String service, Class<?> inbox, Path migrations) {
  }

  static final List<Participant> ALL = List.of(
      participant("inventory-service", InventoryInbox.class),
      participant("coupon-service", CouponInbox.class),
      participant("customer-wallet-service", WalletInbox.class),
      participant("cart-service", CartInbox.class));

  private SimulatedParticipants() {
  }

  /**
   * A participant's tables come from its own migrations in this repository: its jar on this test classpath carries
   * classes only, since every service's scripts sit at db/migration and would be mixed with order-service's.
   */
  private static Participant participant(String service, Class<?> inbox) {
    Path migrations = Path.of("..", "..", service, service, "src", "main", "resources", "db", "migration").toAbsolutePath().normalize();
    if (!Files.isDirectory(migrations)) {
      throw new IllegalStateException("No migrations of " + service + " at " + migrations + " (run from order-service/order-service)");
    }
    return new Participant(service, inbox, migrations);
  }

  @TestConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({HeldBusMessaging.ForParticipant.class, InventoryCommandHandler.class, Inventory.class, ProductEventPublisher.class})
  static class InventoryInbox {
  }

  @TestConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({HeldBusMessaging.ForParticipant.class, CouponCommandHandler.class, Coupons.class, KnownCustomers.class})
  static class CouponInbox {
  }

  @TestConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({HeldBusMessaging.ForParticipant.class, CustomerWalletCommandHandler.class, Wallets.class, CustomerEventPublisher.class})
  static class WalletInbox {
  }

  @TestConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({HeldBusMessaging.ForParticipant.class, CartCommandHandler.class, Carts.class, KnownProductOptions.class})
  static class CartInbox {
  }
}
