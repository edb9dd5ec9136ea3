package com.hhcommerce.order.eventuate;

import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.order.TestClock;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.order.saga.SagaStepLog;
import io.eventuate.tram.commands.common.CommandMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** A command is logged under the order its header names, or, for a copy of one sent before the header existed, its payload. */
class StepLogMessagesTest {

  private final SagaStepLog stepLog = mock(SagaStepLog.class);
  private final TestClock clock = new TestClock();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StepLogMessages messages = new StepLogMessages(stepLog, clock, () -> meters);

  @Test
  void timesAReplyFromItsCommandsLastSendingWhicheverInstanceSentIt() {
    Message command = command("{\"orderId\":5,\"lines\":[]}").build();
    messages.preSend(command);
    assertThat(logged(command).headers()).as("the step log keeps no send time").doesNotContainKey(StepLogMessages.SENT_AT_HEADER);
    clock.advance(Duration.ofMillis(1234));
    SagaStepLog.AnsweredCommand answered = new SagaStepLog.AnsweredCommand(5, "saga-1", "reserve stock", false, "inventory-service-commands", "message-1");
    messages.reply(answered, reply(command.getRequiredHeader(StepLogMessages.SENT_AT_HEADER)), false, null);
    messages.reply(answered, reply("garbled"), false, null);
    messages.reply(answered, reply("2020-01-01T00:00:00Z"), false, null);
    messages.reply(answered, reply(command.getRequiredHeader(StepLogMessages.SENT_AT_HEADER)), true, null);

    Timer timer = meters.get(StepLogMessages.REPLY_TIMER).tags("step", "reserve stock", "compensation", "false").timer();
    assertThat(timer.count()).as("one reply taken with a readable send time; the stale one is not timed").isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1234);
  }

  private static Message reply(String sentAt) {
    return MessageBuilder.withPayload("{}").withHeader(Message.ID, "reply-1")
        .withHeader(CommandMessageHeaders.inReply(StepLogMessages.SENT_AT_HEADER), sentAt).build();
  }

  @Test
  void readsTheOrderFromTheHeaderTheSagaStamps() {
    assertThat(logged(command("{\"orderId\":5,\"lines\":[]}").withHeader(CreateOrderSaga.ORDER_ID_HEADER, "41").build()).orderId())
        .isEqualTo(41);
  }

  @Test
  void readsTheOrderFromThePayloadOfAReSentCommandWithoutTheHeader() {
    SagaStepLog.SentCommand sent = logged(command("{\"orderId\":42,\"lines\":[]}").build());
    assertThat(sent.orderId()).isEqualTo(42);
    assertThat(sent.step()).isEqualTo("reserve stock");
  }

  private static MessageBuilder command(String payload) {
    return MessageBuilder.withPayload(payload)
        .withHeader(CommandMessageHeaders.COMMAND_TYPE, ReserveStockCommand.class.getName())
        .withHeader(StepLogMessages.OPERATOR_HEADER, "re-sent by the test")
        .withHeader(Message.DESTINATION, "inventory-service-commands")
        .withHeader(Message.ID, "message-1");
  }

  private SagaStepLog.SentCommand logged(Message message) {
    messages.postSend(message, null);
    ArgumentCaptor<SagaStepLog.SentCommand> sent = ArgumentCaptor.forClass(SagaStepLog.SentCommand.class);
    verify(stepLog).command(sent.capture(), eq("ReserveStockCommand"), any());
    return sent.getValue();
  }
}
