package com.hhcommerce.inventory.messaging;

import com.hhcommerce.inventory.api.InsufficientStock;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.inventory.api.StockAlreadyReleased;
import com.hhcommerce.inventory.api.StockReleased;
import com.hhcommerce.inventory.api.StockReserved;
import com.hhcommerce.inventory.api.UnknownProductOption;
import com.hhcommerce.inventory.domain.Inventory;
import com.hhcommerce.inventory.domain.ReservationResult;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import com.hhcommerce.platform.messaging.Pong;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.commands.consumer.annotations.EventuateCommandHandler;
import org.springframework.stereotype.Component;

/**
 * inventory-service's inbox: each command goes to the domain, whose result becomes the reply here.
 * Eventuate runs each handler in one transaction with its reply and its received_messages row; the
 * subscriber id (the Kafka consumer group and the duplicate-detection key) is the channel's name.
 */
@Component
public class InventoryCommandHandler {

  private final Inventory inventory;
  private final PingHandler pingHandler;

  public InventoryCommandHandler(Inventory inventory, PingHandler pingHandler) {
    this.inventory = inventory;
    this.pingHandler = pingHandler;
  }

  @EventuateCommandHandler(subscriberId = InventoryChannels.COMMANDS, channel = InventoryChannels.COMMANDS)
  public Object reserveStock(CommandMessage<ReserveStockCommand> message) {
    ReserveStockCommand command = message.getCommand();
    ReservationResult result = inventory.reserve(command.orderId(), command.lines());
    if (result instanceof ReservationResult.Reserved reserved) {
      return new StockReserved(command.orderId(), reserved.lines());
    }
    if (result instanceof ReservationResult.Insufficient insufficient) {
      return new InsufficientStock(insufficient.productOptionId(), insufficient.requested(), insufficient.available());
    }
    if (result instanceof ReservationResult.UnknownOption unknown) {
      return new UnknownProductOption(unknown.productOptionId());
    }
    return new StockAlreadyReleased(command.orderId());
  }

  @EventuateCommandHandler(subscriberId = InventoryChannels.COMMANDS, channel = InventoryChannels.COMMANDS)
  public StockReleased releaseStock(CommandMessage<ReleaseStockCommand> message) {
    long orderId = message.getCommand().orderId();
    return new StockReleased(orderId, inventory.release(orderId));
  }

  @EventuateCommandHandler(subscriberId = InventoryChannels.COMMANDS, channel = InventoryChannels.COMMANDS)
  public Pong ping(CommandMessage<PingCommand> message) {
    return pingHandler.pong();
  }
}
