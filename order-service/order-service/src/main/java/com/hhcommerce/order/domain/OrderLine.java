package com.hhcommerce.order.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** productName, optionName and unitPrice are null until inventory has reserved the line. */
public record OrderLine(long productOptionId, int quantity, String productName, String optionName, Long unitPrice) {

  @JsonProperty
  public Long lineTotal() {
    return unitPrice == null ? null : unitPrice * quantity;
  }
}
