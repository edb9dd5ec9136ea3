package com.hhcommerce.wallet.messaging;

import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import com.hhcommerce.platform.messaging.Pong;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.InsufficientPoints;
import com.hhcommerce.wallet.api.PointsAlreadyRefunded;
import com.hhcommerce.wallet.api.PointsDeducted;
import com.hhcommerce.wallet.api.PointsRefunded;
import com.hhcommerce.wallet.api.RefundPointsCommand;
import com.hhcommerce.wallet.api.UnknownCustomer;
import com.hhcommerce.wallet.domain.Wallets;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.commands.consumer.annotations.EventuateCommandHandler;
import org.springframework.stereotype.Component;

/**
 * customer-wallet-service's inbox: each command goes to the domain, whose result becomes the reply here.
 * Eventuate runs each handler in one transaction with its reply and its received_messages row; the
 * subscriber id (the Kafka consumer group and the duplicate-detection key) is the channel's name.
 */
@Component
public class CustomerWalletCommandHandler {

  private final Wallets wallets;
  private final PingHandler pingHandler;

  public CustomerWalletCommandHandler(Wallets wallets, PingHandler pingHandler) {
    this.wallets = wallets;
    this.pingHandler = pingHandler;
  }

  @EventuateCommandHandler(subscriberId = CustomerWalletChannels.COMMANDS, channel = CustomerWalletChannels.COMMANDS)
  public Object deductPoints(CommandMessage<DeductPointsCommand> message) {
    DeductPointsCommand command = message.getCommand();
    Wallets.DeductResult result = wallets.deduct(command.orderId(), command.customerId(), command.amount());
    if (result instanceof Wallets.Deducted deducted) {
      return new PointsDeducted(command.customerId(), deducted.amount(), deducted.balanceAfter());
    }
    if (result instanceof Wallets.Insufficient insufficient) {
      return new InsufficientPoints(command.customerId(), insufficient.required(), insufficient.available());
    }
    if (result instanceof Wallets.NoSuchCustomer) {
      return new UnknownCustomer(command.customerId());
    }
    return new PointsAlreadyRefunded(command.customerId(), command.orderId());
  }

  @EventuateCommandHandler(subscriberId = CustomerWalletChannels.COMMANDS, channel = CustomerWalletChannels.COMMANDS)
  public PointsRefunded refundPoints(CommandMessage<RefundPointsCommand> message) {
    RefundPointsCommand command = message.getCommand();
    Wallets.Refunded refunded = wallets.refund(command.orderId(), command.customerId());
    return new PointsRefunded(command.customerId(), refunded.amount(), refunded.balanceAfter());
  }

  @EventuateCommandHandler(subscriberId = CustomerWalletChannels.COMMANDS, channel = CustomerWalletChannels.COMMANDS)
  public Pong ping(CommandMessage<PingCommand> message) {
    return pingHandler.pong();
  }
}
