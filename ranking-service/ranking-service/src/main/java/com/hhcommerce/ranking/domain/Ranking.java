package com.hhcommerce.ranking.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The best-selling product options of a period, by quantity in confirmed orders. lastCountedAt is when the
 * newest order counted (in any period) was confirmed: how far the ranking has caught up with the events.
 */
public record Ranking(String period, LocalDate from, LocalDate to, String zone, Instant lastCountedAt, List<Entry> products) {

  /** productId and the names are absent while inventory's ProductCreated for the option has not arrived. */
  public record Entry(int rank, long productOptionId, Long productId, String productName, String optionName, long quantity) {
  }
}
