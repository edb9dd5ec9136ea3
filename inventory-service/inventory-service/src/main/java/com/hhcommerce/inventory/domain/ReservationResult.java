package com.hhcommerce.inventory.domain;

import com.hhcommerce.inventory.api.ReservedLine;

import java.util.List;

/** What reserving an order's lines came to: all reserved, or the first reason none was. */
public sealed interface ReservationResult {

  record Reserved(List<ReservedLine> lines) implements ReservationResult {
  }

  record Insufficient(long productOptionId, int requested, int available) implements ReservationResult {
  }

  record UnknownOption(long productOptionId) implements ReservationResult {
  }

  /** The order's stock was released before: nothing reserved. */
  record AlreadyReleased() implements ReservationResult {
  }
}
