package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/** Failure reply: an order line names a product option that does not exist. */
@FailureReply
public record UnknownProductOption(long productOptionId) {
}
