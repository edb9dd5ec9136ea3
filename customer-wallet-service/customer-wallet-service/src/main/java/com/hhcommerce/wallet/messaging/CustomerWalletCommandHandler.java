package com.hhcommerce.wallet.messaging;

import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.RefundPointsCommand;
import com.hhcommerce.wallet.domain.Wallets;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withFailure;
import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withSuccess;

/** customer-wallet-service's inbox. Eventuate runs each handler in one transaction with its reply and dedup row. */
@Component
public class CustomerWalletCommandHandler {

  private final Wallets wallets;
  private final PingHandler pingHandler;

  public CustomerWalletCommandHandler(Wallets wallets, PingHandler pingHandler) {
    this.wallets = wallets;
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(CustomerWalletChannels.COMMANDS)
        .onMessage(DeductPointsCommand.class, this::deductPoints)
        .onMessage(RefundPointsCommand.class, this::refundPoints)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }

  Message deductPoints(CommandMessage<DeductPointsCommand> message) {
    DeductPointsCommand c = message.getCommand();
    Wallets.DeductResult result = wallets.deduct(c.orderId(), c.customerId(), c.amount());
    if (result instanceof Wallets.Deducted d) {
      return withSuccess(d.reply());
    }
    return result instanceof Wallets.Insufficient i ? withFailure(i.reply()) : withFailure(((Wallets.NoSuchCustomer) result).reply());
  }

  Message refundPoints(CommandMessage<RefundPointsCommand> message) {
    RefundPointsCommand c = message.getCommand();
    return withSuccess(wallets.refund(c.orderId(), c.customerId()));
  }
}
