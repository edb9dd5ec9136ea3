package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/** Failure reply: no wallet exists for this customer. */
@FailureReply
public record UnknownCustomer(long customerId) {
}
