package com.hhcommerce.inventory.messaging;

import com.hhcommerce.inventory.api.InsufficientStock;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.inventory.api.StockReleased;
import com.hhcommerce.inventory.api.StockReserved;
import com.hhcommerce.inventory.api.UnknownProductOption;
import com.hhcommerce.inventory.domain.Inventory;
import com.hhcommerce.inventory.domain.ReservationResult;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withFailure;
import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withSuccess;

/** inventory-service's inbox. Eventuate runs each handler in one transaction with its reply and dedup row. */
@Component
public class InventoryCommandHandler {

  private final Inventory inventory;
  private final PingHandler pingHandler;

  public InventoryCommandHandler(Inventory inventory, PingHandler pingHandler) {
    this.inventory = inventory;
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(InventoryChannels.COMMANDS)
        .onMessage(ReserveStockCommand.class, this::reserveStock)
        .onMessage(ReleaseStockCommand.class, this::releaseStock)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }

  Message reserveStock(CommandMessage<ReserveStockCommand> message) {
    ReserveStockCommand command = message.getCommand();
    ReservationResult result = inventory.reserve(command.orderId(), command.lines());
    if (result instanceof ReservationResult.Reserved r) {
      return withSuccess(new StockReserved(command.orderId(), r.lines()));
    }
    if (result instanceof ReservationResult.Insufficient i) {
      return withFailure(new InsufficientStock(i.productOptionId(), i.requested(), i.available()));
    }
    return withFailure(new UnknownProductOption(((ReservationResult.UnknownOption) result).productOptionId()));
  }

  Message releaseStock(CommandMessage<ReleaseStockCommand> message) {
    long orderId = message.getCommand().orderId();
    return withSuccess(new StockReleased(orderId, inventory.release(orderId)));
  }
}
