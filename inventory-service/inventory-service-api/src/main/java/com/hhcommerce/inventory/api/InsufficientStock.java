package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/** Failure reply: the first line that did not fit; nothing of the order was reserved. */
@FailureReply
public record InsufficientStock(long productOptionId, int requested, int available) {
}
