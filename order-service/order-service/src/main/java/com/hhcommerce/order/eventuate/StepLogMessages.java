package com.hhcommerce.order.eventuate;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.order.saga.SagaStep;
import com.hhcommerce.order.saga.SagaStepLog;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.commands.common.CommandMessageHeaders;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageInterceptor;
import io.eventuate.tram.sagas.common.SagaCommandHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the saga's commands and replies for the step log: a command as its outbox row is written (a message
 * interceptor, in the sending transaction), a reply for {@link SagaReplyGuard}. A command carries its order id in a
 * header the saga stamps ({@link CreateOrderSaga#ORDER_ID_HEADER}) and the participant copies onto its reply, so a
 * reply names its order and step by itself; a reply without it (to a command sent before the header existed) is
 * matched to its command in the log. A command also carries when it was sent ({@link #SENT_AT_HEADER}), so that its
 * reply's wait is measured whichever instance sent it: hh_saga_step_reply_seconds{step,compensation}.
 */
@Component
public class StepLogMessages implements MessageInterceptor {

  /** Set on commands an operator sends outside the saga's own flow; copied onto their replies. */
  static final String OPERATOR_HEADER = "command_hh_operator";
  private static final String OPERATOR_REPLY_HEADER = CommandMessageHeaders.inReply(OPERATOR_HEADER);
  private static final String ORDER_REPLY_HEADER = CommandMessageHeaders.inReply(CreateOrderSaga.ORDER_ID_HEADER);

  /** The sender's clock (epoch milliseconds) when a saga's command was last sent; copied onto its reply. */
  static final String SENT_AT_HEADER = "command_hh_sent_at";
  private static final String SENT_AT_REPLY_HEADER = CommandMessageHeaders.inReply(SENT_AT_HEADER);
  static final String REPLY_TIMER = "hh.saga.step.reply";

  private final SagaStepLog stepLog;
  private final Clock clock;
  private final Supplier<MeterRegistry> meters;

  /**
   * The registry is looked up at the first reply: a message interceptor is made with Eventuate's consumer, before the
   * registry could get its common tags (application), which it would then lack.
   */
  @Autowired
  public StepLogMessages(SagaStepLog stepLog, Clock clock, ObjectProvider<MeterRegistry> meters) {
    this(stepLog, clock, meters::getObject);
  }

  StepLogMessages(SagaStepLog stepLog, Clock clock, Supplier<MeterRegistry> meters) {
    this.stepLog = stepLog;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public void preSend(Message message) {
    if (isLogged(message)) {
      message.setHeader(SENT_AT_HEADER, String.valueOf(clock.millis()));
    }
  }

  @Override
  public void postSend(Message message, Exception e) {
    if (e != null || !isLogged(message)) {
      return;
    }
    String commandType = message.getRequiredHeader(CommandMessageHeaders.COMMAND_TYPE);
    Map<String, String> headers = new LinkedHashMap<>(message.getHeaders());
    headers.remove(Message.ID);
    headers.remove(Message.DATE);
    headers.remove(SENT_AT_HEADER);
    Optional<SagaStep.Move> move = SagaStep.ofCommandType(commandType);
    stepLog.command(new SagaStepLog.SentCommand(orderIdOf(message),
            message.getHeader(SagaCommandHeaders.SAGA_ID).orElse(null), stepName(commandType),
            move.map(SagaStep.Move::compensation).orElse(false), message.getRequiredHeader(Message.DESTINATION), message.getId(),
            headers, message.getPayload(), null),
        simpleName(commandType), message.getHeader(OPERATOR_HEADER).orElse(null));
  }

  /** The header the saga stamps; a re-sent copy of a command logged before the header existed has it in its payload only. */
  private static long orderIdOf(Message command) {
    return command.getHeader(CreateOrderSaga.ORDER_ID_HEADER).map(Long::parseLong)
        .orElseGet(() -> JSonMapper.fromJson(command.getPayload(), OrderIdOnly.class).orderId());
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record OrderIdOnly(long orderId) {
  }

  /** The saga's commands and an operator's: not a bus ping. */
  private static boolean isLogged(Message message) {
    if (message.getHeader(CommandMessageHeaders.COMMAND_TYPE).isEmpty()) {
      return false;
    }
    return message.getHeader(SagaCommandHeaders.SAGA_TYPE).filter(OrderChannels.CREATE_ORDER_SAGA_TYPE::equals).isPresent()
        || message.getHeader(OPERATOR_HEADER).isPresent();
  }

  /** The logged command a reply answers, if it answers one. */
  Optional<SagaStepLog.AnsweredCommand> answered(Message reply) {
    Optional<String> inReplyTo = reply.getHeader(ReplyMessageHeaders.IN_REPLY_TO);
    Optional<String> orderId = reply.getHeader(ORDER_REPLY_HEADER);
    if (inReplyTo.isEmpty() || orderId.isEmpty()) {
      return inReplyTo.flatMap(stepLog::command).map(SagaStepLog.SentCommand::answered);
    }
    String commandType = reply.getRequiredHeader(CommandMessageHeaders.inReply(CommandMessageHeaders.COMMAND_TYPE));
    return Optional.of(new SagaStepLog.AnsweredCommand(Long.parseLong(orderId.get()),
        reply.getHeader(CommandMessageHeaders.inReply(SagaCommandHeaders.SAGA_ID)).orElse(null), stepName(commandType),
        SagaStep.ofCommandType(commandType).map(SagaStep.Move::compensation).orElse(false),
        reply.getRequiredHeader(CommandMessageHeaders.inReply(CommandMessageHeaders.DESTINATION)), inReplyTo.get()));
  }

  /**
   * Whether the command is an undo sent outside the saga's flow (an operator's stop, a step's deadline): a compensation
   * logged without the saga's id. Read from the log, not from the reply's copy of the command's headers, which a
   * reply could get wrong; only compensations' replies pay the read.
   */
  boolean isOutOfFlowUndo(SagaStepLog.AnsweredCommand command) {
    return command.compensation()
        && stepLog.command(command.messageId()).map(logged -> logged.sagaId() == null).orElse(command.sagaId() == null);
  }

  /** Whether this reply to the command has been recorded already, taken or ignored. */
  boolean recorded(SagaStepLog.AnsweredCommand command, Message reply) {
    return stepLog.hasReply(command.orderId(), reply.getId());
  }

  /** Records a reply the saga takes ({@code failureReason} when it reports one) or, when stale, ignores. */
  void reply(SagaStepLog.AnsweredCommand command, Message reply, boolean stale, String failureReason) {
    String replyType = reply.getHeader(ReplyMessageHeaders.REPLY_TYPE).map(StepLogMessages::simpleName).orElse("?");
    if (stale) {
      stepLog.reply(command, SagaStepLog.Kind.STALE_REPLY, replyType, "IGNORED",
          "The saga no longer waits for this reply (re-sent or stopped by an operator)", reply.getId(), reply.getPayload());
    } else {
      sentAt(reply).ifPresent(sentAt -> replyTimer(command).record(Duration.ofMillis(Math.max(0, clock.millis() - sentAt))));
      stepLog.reply(command, SagaStepLog.Kind.REPLY, replyType, reply.getHeader(ReplyMessageHeaders.REPLY_OUTCOME).orElse(null),
          failureReason != null ? failureReason : reply.getHeader(OPERATOR_REPLY_HEADER).orElse(null), reply.getId(),
          reply.getPayload());
    }
  }

  /** A reply without the header (to a command sent before it existed), or with a garbled one, is not timed. */
  private static Optional<Long> sentAt(Message reply) {
    return reply.getHeader(SENT_AT_REPLY_HEADER).filter(value -> value.matches("[0-9]{1,18}")).map(Long::parseLong);
  }

  /** From a command's last sending to the reply the saga takes: the participant and the bus both ways. */
  private Timer replyTimer(SagaStepLog.AnsweredCommand command) {
    return Timer.builder(REPLY_TIMER).description("From a saga command's last sending to the reply the saga takes")
        .tags("step", command.step(), "compensation", String.valueOf(command.compensation()))
        .publishPercentileHistogram().register(meters.get());
  }

  private static String stepName(String commandType) {
    return SagaStep.ofCommandType(commandType).map(SagaStep.Move::name).orElse(simpleName(commandType));
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
