package com.hhcommerce.stack;

/** The Spring Boot services: where their jar is, which database they own, where they listen. */
public enum Service {
  ORDER("order-service", "order_service", 18080),
  INVENTORY("inventory-service", "inventory_service", 18081),
  COUPON("coupon-service", "coupon_service", 18082),
  CUSTOMER_WALLET("customer-wallet-service", "customer_wallet_service", 18083),
  CART("cart-service", "cart_service", 18084),
  RANKING("ranking-service", "ranking_service", 18085),
  RELAY("relay-service", "relay_service", 18086);

  private final String serviceName;
  private final String database;
  private final int defaultPort;

  Service(String serviceName, String database, int defaultPort) {
    this.serviceName = serviceName;
    this.database = database;
    this.defaultPort = defaultPort;
  }

  public String serviceName() {
    return serviceName;
  }

  public String database() {
    return database;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** The Spring Boot jar that `mvn package` builds: <service>/<service>/target/<service>.jar. */
  public String jarPath() {
    return serviceName + "/" + serviceName + "/target/" + serviceName + ".jar";
  }
}
