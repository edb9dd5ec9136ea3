package com.hhcommerce.order.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Live order status (GET /orders/{id}/events, Server-Sent Events).
 *
 * @param maxConnections open streams per instance, then 503 (HH_ORDERS_LIVE_MAX_CONNECTIONS)
 * @param timeout        a stream is closed after this (the client reconnects with Last-Event-ID) or when its order's
 *                       saga ends (HH_ORDERS_LIVE_TIMEOUT)
 * @param pollInterval   how often the step log is read for every open stream at once
 */
@Validated
@ConfigurationProperties("hh.orders.live")
public record LiveStatusSettings(@Positive int maxConnections, @NotNull Duration timeout, @NotNull Duration pollInterval) {
}
