package com.hhcommerce.order.support;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The services whose parked messages the support console shows (each one's GET /parked-messages), by base URL
 * (HH_CONSOLE_SERVICES_INVENTORY, ..._CUSTOMERWALLET, ...; the defaults in application.properties are the local stack's ports).
 *
 * @param connectTimeout how long to wait for a connection to a service
 * @param readTimeout    how long to wait for a service's answer; then the console shows that service as not answering
 */
@Validated
@ConfigurationProperties("hh.console.services")
public record ConsoleServices(@NotNull URI order,
                              @NotNull URI inventory,
                              @NotNull URI coupon,
                              @NotNull URI customerWallet,
                              @NotNull URI cart,
                              @NotNull URI ranking,
                              @NotNull URI relay,
                              @NotNull @DefaultValue("PT2S") Duration connectTimeout,
                              @NotNull @DefaultValue("PT5S") Duration readTimeout) {

  /** Each service's base URL by its name, in the console's order. */
  public Map<String, URI> byName() {
    Map<String, URI> services = new LinkedHashMap<>();
    services.put("order-service", order);
    services.put("inventory-service", inventory);
    services.put("coupon-service", coupon);
    services.put("customer-wallet-service", customerWallet);
    services.put("cart-service", cart);
    services.put("ranking-service", ranking);
    services.put("relay-service", relay);
    return services;
  }
}
