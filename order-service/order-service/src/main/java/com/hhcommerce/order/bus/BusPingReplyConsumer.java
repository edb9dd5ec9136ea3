package com.hhcommerce.order.bus;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.platform.messaging.Pong;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.consumer.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jakarta.annotation.PostConstruct;
import java.util.Set;

/** Records ping replies and returned bus probes; Eventuate's duplicate detection runs before this handler. */
@Component
class BusPingReplyConsumer {

  private static final Logger log = LoggerFactory.getLogger(BusPingReplyConsumer.class);
  private final MessageConsumer messageConsumer;
  private final BusPingService pings;
  private final BusProbes probes;

  BusPingReplyConsumer(MessageConsumer messageConsumer, BusPingService pings, BusProbes probes) {
    this.messageConsumer = messageConsumer;
    this.pings = pings;
    this.probes = probes;
  }

  @PostConstruct
  void subscribe() {
    messageConsumer.subscribe("order-service-ping-replies", Set.of(OrderChannels.PING_REPLIES), this::handle);
  }

  private void handle(Message message) {
    if (BusProbes.isProbe(message)) {
      probes.returned(message);
      return;
    }
    String commandId = message.getRequiredHeader(ReplyMessageHeaders.IN_REPLY_TO);
    Pong pong = JSonMapper.fromJson(message.getPayload(), Pong.class);
    log.debug("Ping {} answered by {}", commandId, pong.service());
    pings.recordReply(commandId, pong.service());
  }
}
