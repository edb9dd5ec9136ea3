package com.hhcommerce.coupon.messaging;

import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.coupon.api.CouponRestored;
import com.hhcommerce.coupon.api.RestoreCouponCommand;
import com.hhcommerce.coupon.api.UseCouponCommand;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withFailure;
import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withSuccess;

/** coupon-service's inbox. Eventuate runs each handler in one transaction with its reply and dedup row. */
@Component
public class CouponCommandHandler {

  private final Coupons coupons;
  private final PingHandler pingHandler;

  public CouponCommandHandler(Coupons coupons, PingHandler pingHandler) {
    this.coupons = coupons;
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(CouponChannels.COMMANDS)
        .onMessage(UseCouponCommand.class, this::useCoupon)
        .onMessage(RestoreCouponCommand.class, this::restoreCoupon)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }

  Message useCoupon(CommandMessage<UseCouponCommand> message) {
    UseCouponCommand c = message.getCommand();
    Coupons.UseResult result = coupons.use(c.orderId(), c.customerId(), c.userCouponId(), c.orderAmount());
    return result instanceof Coupons.Used used ? withSuccess(used.reply()) : withFailure(((Coupons.NotUsable) result).reply());
  }

  Message restoreCoupon(CommandMessage<RestoreCouponCommand> message) {
    RestoreCouponCommand c = message.getCommand();
    return withSuccess(new CouponRestored(c.userCouponId(), coupons.restore(c.orderId(), c.userCouponId())));
  }
}
