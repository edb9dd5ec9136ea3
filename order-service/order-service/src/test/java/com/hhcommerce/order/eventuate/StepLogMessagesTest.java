package com.hhcommerce.order.eventuate;

import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.order.saga.SagaStepLog;
import io.eventuate.tram.commands.common.CommandMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** A command is logged under the order its header names, or, for a copy of one sent before the header existed, its payload. */
class StepLogMessagesTest {

  private final SagaStepLog stepLog = mock(SagaStepLog.class);
  private final StepLogMessages messages = new StepLogMessages(stepLog);

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
