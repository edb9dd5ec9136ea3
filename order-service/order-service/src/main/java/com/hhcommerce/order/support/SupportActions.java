package com.hhcommerce.order.support;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.order.saga.CreateOrderSagaData;
import com.hhcommerce.order.saga.SagaStep;
import com.hhcommerce.order.saga.SagaStepLog;
import com.hhcommerce.platform.web.ApiProblem;
import io.eventuate.common.json.mapper.JSonMapper;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.eventuate.tram.commands.common.CommandReplyOutcome;
import io.eventuate.tram.commands.common.ReplyMessageHeaders;
import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.commands.producer.CommandProducer;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.consumer.MessageConsumer;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.eventuate.tram.messaging.producer.MessageProducer;
import io.eventuate.tram.sagas.common.SagaLockManager;
import io.eventuate.tram.sagas.common.SagaReplyHeaders;
import io.eventuate.tram.sagas.orchestration.SagaCommandProducer;
import io.eventuate.tram.sagas.orchestration.SagaInstanceRepository;
import io.eventuate.tram.sagas.orchestration.SagaManagerFactory;
import io.eventuate.tram.sagas.orchestration.SagaManagerImpl;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operator may do to a saga in flight, each in one transaction with the saga row locked and an
 * audit row in support_action; a refused action is audited too, in its own transaction.
 * <ul>
 * <li>Re-send the command the saga waits on: participants are idempotent per order, so a second delivery
 * changes nothing; the saga then waits for the answer to the new command only ({@link
 * com.hhcommerce.order.saga.SagaReplyGuard}).</li>
 * <li>Start compensation of a stuck saga: the waiting step is undone by its compensation command, sent
 * on the same Kafka partition as the command it undoes so that the participant handles it second; the
 * saga itself is told that the step failed, so it compensates the steps before it and rejects the order.</li>
 * </ul>
 */
@Service
public class SupportActions {

  public enum Action { RESEND_COMMAND, START_COMPENSATION }

  public record ActionRequest(@NotNull Action action, @NotBlank @Size(max = 500) String reason,
                              @Size(max = 64) String expectedStep) {
  }

  public record ActionResult(long auditId, String sagaId, Action action, String step, String detail) {
  }

  /** The failure a stopped saga's order is rejected with. */
  static final String STOPPED_BY_SUPPORT = "STOPPED_BY_SUPPORT";
  private static final String OPERATOR_STOP_REPLY = "com.hhcommerce.order.support.OperatorStoppedSaga";

  private final JdbcClient jdbc;
  private final SupportQueries queries;
  private final SagaStepLog stepLog;
  private final MessageProducer messageProducer;
  private final CommandProducer commandProducer;
  private final CreateOrderSaga saga;
  private final SagaManagerImpl<CreateOrderSagaData> sagaManager;
  private final Orders orders;
  private final TransactionTemplate transaction;
  private final TransactionTemplate auditTransaction;

  public SupportActions(JdbcClient jdbc, SupportQueries queries, SagaStepLog stepLog, MessageProducer messageProducer,
                        CommandProducer commandProducer, CreateOrderSaga saga, Orders orders,
                        SagaInstanceRepository sagaInstances, MessageConsumer messageConsumer, SagaLockManager locks,
                        SagaCommandProducer sagaCommandProducer, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.queries = queries;
    this.stepLog = stepLog;
    this.messageProducer = messageProducer;
    this.commandProducer = commandProducer;
    this.saga = saga;
    this.orders = orders;
    // drives the saga's state machine in-process; not subscribed to the reply channel (the framework's own is)
    this.sagaManager = new SagaManagerFactory(sagaInstances, commandProducer, messageConsumer, locks, sagaCommandProducer).make(saga);
    this.transaction = new TransactionTemplate(transactions);
    this.auditTransaction = new TransactionTemplate(transactions);
    this.auditTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  public ActionResult act(String sagaId, ActionRequest request, String operator) {
    try {
      return transaction.execute(tx -> attempt(sagaId, request, operator));
    } catch (ApiProblem refused) {
      if (refused.status() != HttpStatus.NOT_FOUND) {
        long auditId = auditRefusal(sagaId, request, operator, refused.getMessage());
        refused.with("auditId", auditId);
      }
      throw refused;
    }
  }

  private ActionResult attempt(String sagaId, ActionRequest request, String operator) {
    Map<String, Object> instance = jdbc.sql("""
            SELECT last_request_id, saga_data_json FROM saga_instance WHERE saga_type = ? AND saga_id = ? FOR UPDATE""")
        .params(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId).query().listOfRows().stream().findFirst()
        .orElseThrow(() -> ApiProblem.notFound("saga", sagaId));
    SupportQueries.SagaSummary summary = queries.saga(sagaId).orElseThrow(() -> ApiProblem.notFound("saga", sagaId));
    if (summary.ended()) {
      throw ApiProblem.conflict("saga-ended", "Saga %s already ended in state %s: there is nothing to %s"
          .formatted(sagaId, summary.state(), request.action() == Action.RESEND_COMMAND ? "re-send" : "compensate"));
    }
    String lastRequestId = (String) instance.get("last_request_id");
    SagaStepLog.SentCommand waiting = lastRequestId == null ? null : stepLog.command(lastRequestId).orElse(null);
    if (waiting == null) {
      throw ApiProblem.conflict("saga-not-waiting", "Saga %s is not waiting on a participant's reply".formatted(sagaId));
    }
    if (request.expectedStep() != null && !request.expectedStep().equals(waiting.step())) {
      throw ApiProblem.conflict("saga-moved-on", "Saga %s now waits on '%s', not on '%s': look again before acting"
          .formatted(sagaId, waiting.step(), request.expectedStep())).with("currentStep", waiting.step());
    }
    stepLog.operator(summary.orderId(), sagaId, waiting.step(), request.action().name(), operator + ": " + request.reason());
    String detail = switch (request.action()) {
      case RESEND_COMMAND -> resend(sagaId, waiting, operator);
      case START_COMPENSATION -> startCompensation(sagaId, summary, waiting, (String) instance.get("saga_data_json"), request, operator);
    };
    long auditId = audit(sagaId, summary.orderId(), request, operator, waiting.step(), "DONE", detail);
    return new ActionResult(auditId, sagaId, request.action(), waiting.step(), detail);
  }

  private String resend(String sagaId, SagaStepLog.SentCommand waiting, String operator) {
    Map<String, String> headers = new HashMap<>(waiting.headers());
    headers.put(SagaStepLog.OPERATOR_HEADER, "re-sent by " + operator);
    // same partition as the first delivery, so the participant sees the two in order
    Message message = MessageBuilder.withPayload(waiting.payload()).withExtraHeaders("", headers).build();
    messageProducer.send(waiting.channel(), message);
    jdbc.sql("UPDATE saga_instance SET last_request_id = ? WHERE saga_type = ? AND saga_id = ?")
        .params(message.getId(), OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId).update();
    return "Re-sent '%s' to %s as message %s; the saga now waits for its reply".formatted(waiting.step(), waiting.channel(), message.getId());
  }

  private String startCompensation(String sagaId, SupportQueries.SagaSummary summary, SagaStepLog.SentCommand waiting,
                                   String sagaDataJson, ActionRequest request, String operator) {
    if (!summary.stuck()) {
      throw ApiProblem.conflict("saga-not-stuck", "Saga %s is not marked stuck; only a stuck saga may be stopped (re-send its command instead)"
          .formatted(sagaId));
    }
    if (summary.compensating() || waiting.compensation()) {
      throw ApiProblem.conflict("saga-compensating", "Saga %s is already compensating ('%s'): re-send that command instead"
          .formatted(sagaId, waiting.step()));
    }
    SagaStep step = SagaStep.ofActionName(waiting.step()).orElseThrow();
    CreateOrderSagaData data = JSonMapper.fromJson(sagaDataJson, CreateOrderSagaData.class);
    orders.compensating(summary.orderId(), new OrderFailure(STOPPED_BY_SUPPORT, "Stopped by support: " + request.reason()));
    String undone = saga.undo(step, data).map(undo -> sendUndo(undo, waiting, operator)).orElse("nothing to undo");
    sagaManager.handleMessage(MessageBuilder.withPayload("{}")
        .withHeader(SagaReplyHeaders.REPLY_SAGA_ID, sagaId)
        .withHeader(SagaReplyHeaders.REPLY_SAGA_TYPE, OrderChannels.CREATE_ORDER_SAGA_TYPE)
        .withHeader(ReplyMessageHeaders.REPLY_OUTCOME, CommandReplyOutcome.FAILURE.name())
        .withHeader(ReplyMessageHeaders.REPLY_TYPE, OPERATOR_STOP_REPLY)
        .withHeader(ReplyMessageHeaders.IN_REPLY_TO, waiting.messageId())
        .build());
    return "Stopped while waiting on '%s' (%s); compensating the steps before it".formatted(waiting.step(), undone);
  }

  private String sendUndo(CommandWithDestination undo, SagaStepLog.SentCommand waiting, String operator) {
    Map<String, String> headers = new LinkedHashMap<>(undo.getExtraHeaders());
    headers.put(Message.PARTITION_ID, waiting.headers().get(Message.PARTITION_ID));
    headers.put(SagaStepLog.OPERATOR_HEADER, "undo sent by " + operator);
    // no saga headers: the saga must not take the answer for its own step's reply (the guard records it)
    String id = commandProducer.send(undo.getDestinationChannel(), undo.getResource(), undo.getCommand(),
        OrderChannels.CREATE_ORDER_SAGA_REPLIES, headers);
    return "'%s' sent as message %s".formatted(SagaStep.ofCommandType(undo.getCommand().getClass().getName())
        .map(SagaStep.Move::name).orElse("undo"), id);
  }

  private long audit(String sagaId, Long orderId, ActionRequest request, String operator, String step, String outcome,
                     String detail) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            INSERT INTO support_action (saga_id, order_id, action, operator, reason, step, outcome, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(sagaId, orderId, request.action().name(), operator, request.reason(), step, outcome, SagaStepLog.clip(detail))
        .update(key, "id");
    return key.getKey().longValue();
  }

  /** A refusal is kept even though the attempt's transaction rolled back. */
  private long auditRefusal(String sagaId, ActionRequest request, String operator, String detail) {
    return auditTransaction.execute(tx -> audit(sagaId, queries.orderIdOfSaga(sagaId).orElse(null), request, operator,
        null, "REFUSED", detail));
  }
}
