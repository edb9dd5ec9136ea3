package com.hhcommerce.order.support;

import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.CreateOrderSaga;
import com.hhcommerce.order.eventuate.SagaInstances;
import com.hhcommerce.order.saga.SagaStep;
import com.hhcommerce.order.saga.SagaStepLog;
import com.hhcommerce.platform.domain.DomainRefusal;
import io.eventuate.tram.commands.consumer.CommandWithDestination;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an operator, or the system when a step's deadline passed ({@link StepDeadlines}), may do to a saga in
 * flight, each in one transaction with the saga row locked and an audit row in support_action; a refused action
 * is audited too, in its own transaction.
 * <ul>
 * <li>Re-send the command the saga waits on: participants are idempotent per order, so a second delivery
 * changes nothing; the saga then waits for the answer to the new command only (the reply guard drops the
 * answer to the first).</li>
 * <li>Start compensation of a stuck saga: the waiting step is undone by its compensation command, sent
 * on the same Kafka partition as the command it undoes so that the participant handles it second; the saga then
 * waits for that undo's answer (re-sent until it comes, like any compensation) and only then compensates the steps
 * before it and rejects the order.</li>
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
  /** The failure of an order whose participant did not answer within the step's deadlines. */
  static final String TIMED_OUT = "TIMED_OUT";
  /** Who the audit and the step log name for an automatic action. */
  public static final String SYSTEM = "system";

  private final JdbcClient jdbc;
  private final SupportQueries queries;
  private final SagaInstances sagaInstances;
  private final SagaStepLog stepLog;
  private final Orders orders;
  private final CreateOrderSaga saga;
  private final TransactionTemplate transaction;
  private final TransactionTemplate auditTransaction;

  public SupportActions(JdbcClient jdbc, SupportQueries queries, SagaInstances sagaInstances, SagaStepLog stepLog, Orders orders,
                        CreateOrderSaga saga, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.queries = queries;
    this.sagaInstances = sagaInstances;
    this.stepLog = stepLog;
    this.orders = orders;
    this.saga = saga;
    this.transaction = new TransactionTemplate(transactions);
    this.auditTransaction = new TransactionTemplate(transactions);
    this.auditTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  public ActionResult act(String sagaId, ActionRequest request, String operator) {
    try {
      return transaction.execute(tx -> attempt(sagaId, request, operator));
    } catch (DomainRefusal refused) {
      if (refused.kind() != DomainRefusal.Kind.UNKNOWN) {
        long auditId = auditRefusal(sagaId, request, operator, refused.getMessage());
        refused.with("auditId", auditId);
      }
      throw refused;
    }
  }

  /**
   * The system's action once the command a saga waits on is past its deadline: re-send it while re-sends are left
   * (and always for a compensation, which must end), otherwise stop the saga and compensate, the order failing
   * with TIMED_OUT. Nothing when the saga moved on meanwhile (the reply came, someone acted, it ended).
   */
  public Optional<ActionResult> deadlinePassed(String sagaId, String overdueCommandId, boolean resendsLeft, String reason) {
    return transaction.execute(tx -> {
      SagaInstances.Instance instance = sagaInstances.lock(sagaId).orElse(null);
      if (instance == null || instance.ended() || !overdueCommandId.equals(instance.waitingCommandId())) {
        return Optional.<ActionResult>empty();
      }
      SagaStepLog.SentCommand waiting = stepLog.command(overdueCommandId).orElseThrow();
      Action action = resendsLeft || waiting.compensation() ? Action.RESEND_COMMAND : Action.START_COMPENSATION;
      return Optional.of(done(sagaId, waiting.orderId(), waiting, new ActionRequest(action, reason, waiting.step()), SYSTEM,
          () -> action == Action.RESEND_COMMAND ? resend(sagaId, waiting, SYSTEM)
              : compensate(instance, waiting.orderId(), waiting, new OrderFailure(TIMED_OUT, reason), SYSTEM)));
    });
  }

  private ActionResult attempt(String sagaId, ActionRequest request, String operator) {
    SagaInstances.Instance instance = sagaInstances.lock(sagaId).orElseThrow(() -> DomainRefusal.unknown("saga", sagaId));
    SupportQueries.SagaSummary summary = queries.saga(sagaId).orElseThrow(() -> DomainRefusal.unknown("saga", sagaId));
    if (summary.ended()) {
      throw DomainRefusal.conflict("saga-ended", "Saga %s already ended in state %s: there is nothing to %s"
          .formatted(sagaId, summary.state(), request.action() == Action.RESEND_COMMAND ? "re-send" : "compensate"));
    }
    SagaStepLog.SentCommand waiting = instance.waitingCommandId() == null ? null : stepLog.command(instance.waitingCommandId()).orElse(null);
    if (waiting == null) {
      throw DomainRefusal.conflict("saga-not-waiting", "Saga %s is not waiting on a participant's reply".formatted(sagaId));
    }
    if (request.expectedStep() != null && !request.expectedStep().equals(waiting.step())) {
      throw DomainRefusal.conflict("saga-moved-on", "Saga %s now waits on '%s', not on '%s': look again before acting"
          .formatted(sagaId, waiting.step(), request.expectedStep())).with("currentStep", waiting.step());
    }
    return done(sagaId, summary.orderId(), waiting, request, operator, () -> switch (request.action()) {
      case RESEND_COMMAND -> resend(sagaId, waiting, operator);
      case START_COMPENSATION -> startCompensation(instance, summary, waiting, request, operator);
    });
  }

  /** An action by an operator or the system: in the step log, then done, then audited. */
  private ActionResult done(String sagaId, long orderId, SagaStepLog.SentCommand waiting, ActionRequest request, String actor,
                            Supplier<String> action) {
    stepLog.operator(orderId, sagaId, waiting.step(), request.action().name(), actor + ": " + request.reason());
    String detail = action.get();
    long auditId = audit(sagaId, orderId, request, actor, waiting.step(), "DONE", detail);
    return new ActionResult(auditId, sagaId, request.action(), waiting.step(), detail);
  }

  private String resend(String sagaId, SagaStepLog.SentCommand waiting, String operator) {
    String id = sagaInstances.resend(sagaId, waiting, "re-sent by " + operator);
    return "Re-sent '%s' to %s as message %s; the saga now waits for its reply".formatted(waiting.step(), waiting.channel(), id);
  }

  private String startCompensation(SagaInstances.Instance instance, SupportQueries.SagaSummary summary,
                                   SagaStepLog.SentCommand waiting, ActionRequest request, String operator) {
    String sagaId = instance.sagaId();
    if (!summary.stuck()) {
      throw DomainRefusal.conflict("saga-not-stuck", "Saga %s is not marked stuck; only a stuck saga may be stopped (re-send its command instead)"
          .formatted(sagaId));
    }
    if (summary.compensating() || waiting.compensation()) {
      throw DomainRefusal.conflict("saga-compensating", "Saga %s is already compensating ('%s'): re-send that command instead"
          .formatted(sagaId, waiting.step()));
    }
    return compensate(instance, summary.orderId(), waiting, new OrderFailure(STOPPED_BY_SUPPORT, "Stopped by support: " + request.reason()), operator);
  }

  /**
   * The waiting step's undo is sent after the command it undoes, and the saga waits for its answer (re-sent by the step
   * deadlines until it comes) before it compensates the steps before: until then the order is COMPENSATING, the
   * customer's one order in flight, since what the step took is not yet given back. Without an undo the saga
   * compensates the steps before at once.
   */
  private String compensate(SagaInstances.Instance instance, long orderId, SagaStepLog.SentCommand waiting, OrderFailure failure, String actor) {
    SagaStep step = SagaStep.ofActionName(waiting.step()).orElseThrow();
    orders.compensating(orderId, failure);
    Optional<CommandWithDestination> undo = saga.undo(step, instance.data());
    if (undo.isEmpty()) {
      sagaInstances.failWaitingStep(instance);
      return "Stopped while waiting on '%s' (nothing to undo); compensating the steps before it".formatted(waiting.step());
    }
    String id = sagaInstances.sendUndo(instance.sagaId(), undo.get(), waiting, "undo sent by " + actor);
    String undoStep = SagaStep.ofCommandType(undo.get().getCommand().getClass().getName()).map(SagaStep.Move::name).orElse("undo");
    return "Stopped while waiting on '%s' ('%s' sent as message %s); the saga waits for its answer, then compensates the steps before it"
        .formatted(waiting.step(), undoStep, id);
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
    return auditTransaction.execute(tx -> audit(sagaId, orders.orderIdOfSaga(sagaId).orElse(null), request, operator,
        null, "REFUSED", detail));
  }
}
