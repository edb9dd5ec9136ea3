package com.hhcommerce.coupon.messaging;

import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.coupon.api.CouponNotUsable;
import com.hhcommerce.coupon.api.CouponRestored;
import com.hhcommerce.coupon.api.CouponUsed;
import com.hhcommerce.coupon.api.RestoreCouponCommand;
import com.hhcommerce.coupon.api.UseCouponCommand;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import com.hhcommerce.platform.messaging.Pong;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.commands.consumer.annotations.EventuateCommandHandler;
import org.springframework.stereotype.Component;

/**
 * coupon-service's inbox: each command goes to the domain, whose result becomes the reply here.
 * Eventuate runs each handler in one transaction with its reply and its received_messages row; the
 * subscriber id (the Kafka consumer group and the duplicate-detection key) is the channel's name.
 */
@Component
public class CouponCommandHandler {

  private final Coupons coupons;
  private final PingHandler pingHandler;

  public CouponCommandHandler(Coupons coupons, PingHandler pingHandler) {
    this.coupons = coupons;
    this.pingHandler = pingHandler;
  }

  @EventuateCommandHandler(subscriberId = CouponChannels.COMMANDS, channel = CouponChannels.COMMANDS)
  public Object useCoupon(CommandMessage<UseCouponCommand> message) {
    UseCouponCommand command = message.getCommand();
    Coupons.UseResult result = coupons.use(command.orderId(), command.customerId(), command.userCouponId(), command.orderAmount());
    if (result instanceof Coupons.Used used) {
      return new CouponUsed(command.userCouponId(), used.discount());
    }
    Coupons.NotUsable notUsable = (Coupons.NotUsable) result;
    return new CouponNotUsable(command.userCouponId(), notUsable.reason(), notUsable.detail());
  }

  @EventuateCommandHandler(subscriberId = CouponChannels.COMMANDS, channel = CouponChannels.COMMANDS)
  public CouponRestored restoreCoupon(CommandMessage<RestoreCouponCommand> message) {
    RestoreCouponCommand command = message.getCommand();
    return new CouponRestored(command.userCouponId(), coupons.restore(command.orderId(), command.userCouponId()));
  }

  @EventuateCommandHandler(subscriberId = CouponChannels.COMMANDS, channel = CouponChannels.COMMANDS)
  public Pong ping(CommandMessage<PingCommand> message) {
    return pingHandler.pong();
  }
}
