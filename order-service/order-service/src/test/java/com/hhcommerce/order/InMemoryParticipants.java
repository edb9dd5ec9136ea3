package com.hhcommerce.order;

import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.cart.api.CartCleared;
import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.order.api.OrderChannels;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.eventuate.tram.messaging.producer.MessageProducer;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.inventory.api.InsufficientStock;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.inventory.api.ReservedLine;
import com.hhcommerce.inventory.api.StockReserved;
import com.hhcommerce.wallet.api.PointsDeducted;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.api.RefundPointsCommand;
import io.eventuate.tram.commands.common.CommandMessageHeaders;
import com.hhcommerce.wallet.api.PointsRefunded;
import io.eventuate.common.spring.id.IdGeneratorConfiguration;
import io.eventuate.tram.common.spring.inmemory.EventuateSpringTransactionSynchronizationManager;
import io.eventuate.tram.inmemory.InMemoryMessageConsumer;
import io.eventuate.tram.inmemory.InMemoryMessageProducer;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.producer.common.MessageProducerImplementation;
import io.eventuate.tram.sagas.spring.testing.SagaParticipantStubManagerConfiguration;
import io.eventuate.tram.sagas.testing.SagaParticipantChannels;
import io.eventuate.tram.sagas.testing.SagaParticipantStubManager;
import io.eventuate.tram.spring.commands.consumer.TramCommandReplyProducerConfiguration;
import io.eventuate.tram.spring.consumer.common.TramConsumerCommonConfiguration;
import io.eventuate.tram.spring.messaging.producer.common.TramMessagingCommonProducerConfiguration;
import com.hhcommerce.platform.testing.TestTokens;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withFailure;
import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withSuccess;

/**
 * order-service's component tests: in-memory Eventuate messaging (instead of Kafka and the CDC) and stub
 * participants. The cart and inventory answer; no wallet runs, so sagas wait at "deduct points". The test client
 * signs its requests with test tokens: an order as the customer it names, anything else as an operator.
 */
@TestConfiguration
@Import({TramConsumerCommonConfiguration.class, TramMessagingCommonProducerConfiguration.class,
    IdGeneratorConfiguration.class, TramCommandReplyProducerConfiguration.class, SagaParticipantStubManagerConfiguration.class,
    TestTokens.Verifier.class})
public class InMemoryParticipants {

  @Bean
  RestTemplateCustomizer signedInTestClient() {
    return template -> template.getInterceptors().add(TestTokens.signedIn());
  }

  /** Inventory answers InsufficientStock for this product option. */
  public static final long OUT_OF_STOCK_OPTION = 666;

  @Bean
  InMemoryMessageConsumer inMemoryMessageConsumer() {
    return new InMemoryMessageConsumer();
  }

  /**
   * In-memory messaging with the outbox's timing: a message sent in a transaction is written (and seen by the
   * interceptors, e.g. the step log) inside it and delivered after commit, as with the JDBC outbox and the CDC.
   * Eventuate's in-memory producer runs the whole send after commit instead, so a stub's reply could overtake
   * the step log's record of the command it answers.
   */
  @Bean
  Bus bus(InMemoryMessageConsumer consumer) {
    return new Bus(consumer);
  }

  /**
   * Delivers what the producer sends, except to a held channel: those messages wait, as behind a CDC or Kafka that is
   * down, until the channel is released.
   */
  public static final class Bus {
    private final InMemoryMessageConsumer consumer;
    private final Set<String> held = new HashSet<>();
    private final List<Message> waiting = new ArrayList<>();

    Bus(InMemoryMessageConsumer consumer) {
      this.consumer = consumer;
    }

    public synchronized void hold(String channel) {
      held.add(channel);
    }

    /** Delivers the held messages of the channel, in the order they were sent, and stops holding it. */
    public synchronized int release(String channel) {
      held.remove(channel);
      List<Message> released = waiting.stream().filter(m -> channel.equals(m.getRequiredHeader(Message.DESTINATION))).toList();
      waiting.removeAll(released);
      released.forEach(consumer::dispatchMessage);
      return released.size();
    }

    synchronized void deliver(Message message) {
      if (held.contains(message.getRequiredHeader(Message.DESTINATION))) {
        waiting.add(message);
      } else {
        consumer.dispatchMessage(message);
      }
    }
  }

  @Bean
  MessageProducerImplementation inMemoryMessageProducer(InMemoryMessageConsumer consumer, Bus bus) {
    InMemoryMessageProducer ids = new InMemoryMessageProducer(consumer, new EventuateSpringTransactionSynchronizationManager());
    return new MessageProducerImplementation() {
      @Override
      public void setMessageIdIfNecessary(Message message) {
        ids.setMessageIdIfNecessary(message);
      }

      @Override
      public void send(Message message) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
          bus.deliver(message);
          return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            bus.deliver(message);
          }
        });
      }
    };
  }

  @Bean
  SagaParticipantChannels sagaParticipantChannels() {
    return new SagaParticipantChannels(CartChannels.COMMANDS, InventoryChannels.COMMANDS, CouponChannels.COMMANDS);
  }

  /** The cart and inventory answer; the wallet, the last participant step, never does: sagas wait at "deduct points". */
  public static void answerAllButTheWallet(SagaParticipantStubManager participants) {
    participants.reset();
    participants.forChannel(CartChannels.COMMANDS)
        .when(ClearCartCommand.class).replyWith(cm -> withSuccess(new CartCleared(cm.getCommand().orderId(), cm.getCommand().lines().size())))
        .when(RestoreCartCommand.class).replyWithSuccess()
        .forChannel(InventoryChannels.COMMANDS)
        .when(ReserveStockCommand.class).replyWith(cm -> {
          ReserveStockCommand c = cm.getCommand();
          if (c.lines().stream().anyMatch(l -> l.productOptionId() == OUT_OF_STOCK_OPTION)) {
            return withFailure(new InsufficientStock(OUT_OF_STOCK_OPTION, 1, 0));
          }
          return withSuccess(new StockReserved(c.orderId(), c.lines().stream()
              .map(l -> new ReservedLine(l.productOptionId(), "product", "option", l.quantity(), 10_000)).toList()));
        })
        .when(ReleaseStockCommand.class).replyWithSuccess();
  }

  /**
   * What customer-wallet-service would answer to the RefundPointsCommand with this message id: an undo sent outside
   * the saga's flow carries no saga headers, so neither does its answer.
   */
  public static void replyPointsRefunded(MessageProducer producer, String commandId, long customerId) {
    producer.send(OrderChannels.CREATE_ORDER_SAGA_REPLIES, pointsRefunded(commandId, customerId).build());
  }

  /**
   * The same answer with the copies of the command's headers a participant puts on its reply (the order's id: the
   * reply then names its command by itself), and naming the saga as well, which no participant of Eventuate's does.
   */
  public static void replyPointsRefundedNamingSaga(MessageProducer producer, String sagaId, String commandId, long orderId, long customerId) {
    producer.send(OrderChannels.CREATE_ORDER_SAGA_REPLIES, pointsRefunded(commandId, customerId)
        .withHeader(CommandMessageHeaders.inReply(CommandMessageHeaders.COMMAND_TYPE), RefundPointsCommand.class.getName())
        .withHeader(CommandMessageHeaders.inReply(CommandMessageHeaders.DESTINATION), CustomerWalletChannels.COMMANDS)
        .withHeader(CommandMessageHeaders.inReply(CreateOrderSaga.ORDER_ID_HEADER), String.valueOf(orderId))
        .withHeader(SagaReplyHeaders.REPLY_SAGA_ID, sagaId)
        .withHeader(SagaReplyHeaders.REPLY_SAGA_TYPE, OrderChannels.CREATE_ORDER_SAGA_TYPE)
        .build());
  }

  private static MessageBuilder pointsRefunded(String commandId, long customerId) {
    return MessageBuilder
        .withPayload(JSonMapper.toJson(new PointsRefunded(customerId, 0, 0)))
        .withHeader(ReplyMessageHeaders.REPLY_TYPE, PointsRefunded.class.getName())
        .withHeader(ReplyMessageHeaders.REPLY_OUTCOME, CommandReplyOutcome.SUCCESS.name())
        .withHeader(ReplyMessageHeaders.IN_REPLY_TO, commandId);
  }

  /** What customer-wallet-service would answer to the DeductPointsCommand with this message id. */
  public static void replyPointsDeducted(MessageProducer producer, String sagaId, String commandId, long customerId, long amount) {
    producer.send(OrderChannels.CREATE_ORDER_SAGA_REPLIES, pointsDeducted(sagaId, customerId, amount)
        .withHeader(ReplyMessageHeaders.IN_REPLY_TO, commandId)
        .build());
  }

  /** The same answer naming the saga but no command it answers (no participant of Eventuate's sends one). */
  public static void replyPointsDeductedInReplyToNothing(MessageProducer producer, String sagaId, long customerId, long amount) {
    producer.send(OrderChannels.CREATE_ORDER_SAGA_REPLIES, pointsDeducted(sagaId, customerId, amount).build());
  }

  private static MessageBuilder pointsDeducted(String sagaId, long customerId, long amount) {
    return MessageBuilder
        .withPayload(JSonMapper.toJson(new PointsDeducted(customerId, amount, 0)))
        .withHeader(ReplyMessageHeaders.REPLY_TYPE, PointsDeducted.class.getName())
        .withHeader(ReplyMessageHeaders.REPLY_OUTCOME, CommandReplyOutcome.SUCCESS.name())
        .withHeader(SagaReplyHeaders.REPLY_SAGA_ID, sagaId)
        .withHeader(SagaReplyHeaders.REPLY_SAGA_TYPE, OrderChannels.CREATE_ORDER_SAGA_TYPE);
  }
}
