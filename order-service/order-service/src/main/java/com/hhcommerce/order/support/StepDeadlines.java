package com.hhcommerce.order.support;

import com.hhcommerce.order.bus.BusProbes;
import com.hhcommerce.order.eventuate.SagaInstances;
import com.hhcommerce.order.saga.SagaStep;
import com.hhcommerce.order.scheduling.SchedulerLocks;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Eventuate has no step timeouts: a participant that never answers would leave its saga waiting for a person.
 * Each participant step has a deadline ({@link StepDeadlineSettings}), counted from when the command is known to have
 * reached Kafka: the return of the first bus probe written after it ({@link BusProbes}), not the outbox write, so that
 * a CDC or Kafka outage delays the clock instead of timing every saga out. Once it has passed, the same command is
 * re-sent (participants are idempotent per order, and the copy goes to the same partition), the copy's clock starting
 * the same way, each time after twice the previous wait, up to hh.saga.deadline.max-back-off. After
 * hh.saga.deadline.max-resends re-sends a forward step is given up: the saga is stopped and compensated as an
 * operator's stop does, the order FAILED with TIMED_OUT naming the step. A compensation (also the undo such a stop
 * sends) is never given up, since it must end: it is re-sent at the longest back-off until it is answered, and the
 * stuck detector shows it to people. Every action is in the step log and the support audit as done by "system", and
 * counted in hh_saga_deadline_actions_total{step,action}.
 * Every instance looks for overdue commands; one at a time acts on what it found ({@link SchedulerLocks}), and each
 * action re-checks, under the saga's row lock, that the saga still waits on the same command.
 */
@Component
public class StepDeadlines {

  static final String ACTIONS = "hh.saga.deadline.actions";
  private static final Logger log = LoggerFactory.getLogger(StepDeadlines.class);

  /** A saga waiting on a participant: the command, when its clock started, how often this step's command was sent. */
  private record Waiting(String sagaId, String commandId, String step, String channel, Instant clockStarted, int sends) {
  }

  private final JdbcClient jdbc;
  private final SchedulerLocks locks;
  private final SupportActions actions;
  private final Clock clock;
  private final MeterRegistry meters;
  /** Per step name: how long its n-th send may go unanswered (its deadline, doubled per earlier send, at most max-back-off). */
  private final Map<String, IntervalFunction> waits = new HashMap<>();
  private final Duration shortest;
  private final int maxResends;

  public StepDeadlines(JdbcClient jdbc, SchedulerLocks locks, SupportActions actions, Clock clock, MeterRegistry meters,
                       Environment environment, StepDeadlineSettings settings) {
    this.jdbc = jdbc;
    this.locks = locks;
    this.actions = actions;
    this.clock = clock;
    this.meters = meters;
    this.maxResends = settings.maxResends();
    Duration defaultDeadline = settings.defaultDeadline();
    Duration maxBackOff = settings.maxBackOff();
    Duration shortest = defaultDeadline;
    for (SagaStep step : participantSteps()) {
      for (String name : List.of(step.actionName(), step.compensationName())) {
        Duration deadline = environment.getProperty("hh.saga.deadline." + name.replace(' ', '-'), Duration.class, defaultDeadline);
        waits.put(name, IntervalFunction.ofExponentialBackoff(deadline, 2.0, maxBackOff.compareTo(deadline) > 0 ? maxBackOff : deadline));
        shortest = deadline.compareTo(shortest) < 0 ? deadline : shortest;
      }
      meters.counter(ACTIONS, "step", step.actionName(), "action", SupportActions.Action.RESEND_COMMAND.name()).increment(0);
      meters.counter(ACTIONS, "step", step.actionName(), "action", SupportActions.Action.START_COMPENSATION.name()).increment(0);
      meters.counter(ACTIONS, "step", step.compensationName(), "action", SupportActions.Action.RESEND_COMMAND.name()).increment(0);
    }
    this.shortest = shortest;
  }

  private static List<SagaStep> participantSteps() {
    return Arrays.stream(SagaStep.values()).filter(SagaStep::isParticipantStep).toList();
  }

  @Scheduled(fixedDelayString = "${hh.saga.deadline.check-interval}", initialDelayString = "${hh.saga.deadline.check-interval}")
  public void enforce() {
    Instant now = clock.instant();
    List<Waiting> overdue = jdbc.sql("""
            SELECT y.* FROM (
              SELECT x.saga_id, x.waiting_command_id, x.waiting_step, x.waiting_on, %s AS clock_started,
                     (SELECT COUNT(*) FROM saga_step_log c WHERE c.order_id = x.order_id AND c.kind = 'COMMAND' AND c.step = x.waiting_step) AS sends
              FROM (%s) x) y
            WHERE y.clock_started <= ?""".formatted(BusProbes.CLOCK_STARTED.formatted("x.waiting_since"),
            SagaInstances.IN_FLIGHT_WAITING_COMMANDS))
        .param(Timestamp.from(now.minus(shortest)))
        .query((rs, row) -> new Waiting(rs.getString("saga_id"), rs.getString("waiting_command_id"), rs.getString("waiting_step"),
            rs.getString("waiting_on"), rs.getTimestamp("clock_started").toInstant(), rs.getInt("sends")))
        .list();
    List<Waiting> due = overdue.stream()
        .filter(waiting -> waits.containsKey(waiting.step()) && !waiting.clockStarted().plus(wait(waiting)).isAfter(now))
        .toList();
    if (!due.isEmpty()) {
      locks.alone("saga-step-deadlines", () -> {
        due.forEach(this::act);
        return null;
      });
    }
  }

  private void act(Waiting waiting) {
    boolean resendsLeft = waiting.sends() <= maxResends;
    String reason = resendsLeft
        ? "No answer to '%s' from %s within %s: re-sent (re-send %d of %d)".formatted(waiting.step(), waiting.channel(), wait(waiting),
            waiting.sends(), maxResends)
        : "No answer to '%s' from %s after %d attempts: timed out".formatted(waiting.step(), waiting.channel(), waiting.sends());
    actions.deadlinePassed(waiting.sagaId(), waiting.commandId(), resendsLeft, reason).ifPresent(done -> {
      log.warn("Saga {}: {} ({})", waiting.sagaId(), reason, done.action());
      meters.counter(ACTIONS, "step", waiting.step(), "action", done.action().name()).increment();
    });
  }

  private Duration wait(Waiting waiting) {
    return Duration.ofMillis(waits.get(waiting.step()).apply(waiting.sends()));
  }
}
