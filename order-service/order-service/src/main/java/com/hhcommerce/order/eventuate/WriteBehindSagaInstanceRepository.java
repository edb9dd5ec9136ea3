package com.hhcommerce.order.eventuate;

import io.eventuate.common.id.ApplicationIdGenerator;
import io.eventuate.common.id.IdGenerator;
import io.eventuate.tram.sagas.orchestration.SagaInstance;
import io.eventuate.tram.sagas.orchestration.SagaInstanceRepository;
import com.hhcommerce.order.performance.TransactionScopes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A performance lever (hh.performance.saga-write-behind, off by default): the saga manager's repository of
 * saga_instance rows, in place of Eventuate's own, that writes each saga's row once per transaction, at commit,
 * and reads it at most once.
 * <p>
 * Eventuate's repository reads the row and its participants table for every reply and writes the row after
 * every action: a saga's start (local step, then its first command) wrote it three times, the reply that
 * ends the saga twice, and each reply read it again after the reply guard had just locked it. Here a row
 * read or written inside a transaction is kept with that transaction ({@link TransactionScopes}), handed back
 * to later reads, and written once before the commit.
 * Outside a transaction every call goes straight to the database, as Eventuate's does.
 * <p>
 * The participants table holds the resources of Eventuate's semantic locks, which this saga does not use:
 * an instance that names one is refused rather than silently dropped.
 */
@Primary
@Component
@ConditionalOnProperty("hh.performance.saga-write-behind")
public class WriteBehindSagaInstanceRepository implements SagaInstanceRepository {

  private final JdbcClient jdbc;
  private final IdGenerator ids = new ApplicationIdGenerator();

  public WriteBehindSagaInstanceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void save(SagaInstance instance) {
    refuseSemanticLocks(instance);
    instance.setId(ids.genIdAsString());
    transactionScope().ifPresentOrElse(scope -> scope.keep(instance, Write.INSERT), () -> insert(instance));
  }

  @Override
  public SagaInstance find(String sagaType, String sagaId) {
    return read(sagaType, sagaId, false)
        .orElseThrow(() -> new IllegalStateException("Cannot find saga instance %s %s".formatted(sagaType, sagaId)));
  }

  @Override
  public void update(SagaInstance instance) {
    refuseSemanticLocks(instance);
    transactionScope().ifPresentOrElse(scope -> scope.keep(instance, Write.UPDATE), () -> updateRow(instance));
  }

  /**
   * The instance, its row locked until the transaction ends when {@code forUpdate}; within a transaction the
   * instance already read or written in it (a row the transaction wrote but not yet flushed is written first, so
   * the lock covers it).
   */
  Optional<SagaInstance> read(String sagaType, String sagaId, boolean forUpdate) {
    Optional<TransactionScope> scope = transactionScope();
    Optional<SagaInstance> kept = scope.flatMap(s -> s.kept(sagaId));
    if (kept.isPresent() && !forUpdate) {
      return kept;
    }
    scope.ifPresent(s -> s.flush(sagaId));
    Optional<SagaInstance> row = jdbc.sql("SELECT * FROM saga_instance WHERE saga_type = ? AND saga_id = ?" + (forUpdate ? " FOR UPDATE" : ""))
        .params(sagaType, sagaId).query(SagaInstances::row).optional();
    if (scope.isPresent() && row.isPresent()) {
      if (kept.isPresent()) {
        return kept; // the same state, now locked: later reads keep getting the object the saga manager changes
      }
      scope.get().keep(row.get(), Write.NONE);
    }
    return row;
  }

  private static void refuseSemanticLocks(SagaInstance instance) {
    if (!instance.getDestinationsAndResources().isEmpty()) {
      throw new IllegalStateException("Saga " + instance.getId() + " holds semantic locks " + instance.getDestinationsAndResources()
          + ": this repository does not store them (saga_instance_participants)");
    }
  }

  private void insert(SagaInstance instance) {
    jdbc.sql("""
            INSERT INTO saga_instance (saga_type, saga_id, state_name, last_request_id, saga_data_type, saga_data_json,
                                       end_state, compensating, failed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(instance.getSagaType(), instance.getId(), instance.getStateName(), instance.getLastRequestId(),
            instance.getSerializedSagaData().getSagaDataType(), instance.getSerializedSagaData().getSagaDataJSON(),
            instance.isEndState(), instance.isCompensating(), instance.isFailed())
        .update();
  }

  private void updateRow(SagaInstance instance) {
    int updated = jdbc.sql("""
            UPDATE saga_instance SET state_name = ?, last_request_id = ?, saga_data_type = ?, saga_data_json = ?,
                                     end_state = ?, compensating = ?, failed = ?
            WHERE saga_type = ? AND saga_id = ?""")
        .params(instance.getStateName(), instance.getLastRequestId(), instance.getSerializedSagaData().getSagaDataType(),
            instance.getSerializedSagaData().getSagaDataJSON(), instance.isEndState(), instance.isCompensating(),
            instance.isFailed(), instance.getSagaType(), instance.getId())
        .update();
    if (updated != 1) {
      throw new IllegalStateException("No saga instance " + instance.getSagaType() + " " + instance.getId() + " to update");
    }
  }

  private Optional<TransactionScope> transactionScope() {
    return TransactionScopes.current(this, TransactionScope.class, () -> new TransactionScope(this));
  }

  private enum Write { NONE, UPDATE, INSERT }

  /** The instances one transaction read or wrote, and the write each still owes the database. */
  private static final class TransactionScope implements TransactionScopes.Scope {
    private final WriteBehindSagaInstanceRepository store;
    private final Map<String, SagaInstance> instances = new LinkedHashMap<>();
    private final Map<String, Write> owed = new LinkedHashMap<>();
    private boolean flushed;

    private TransactionScope(WriteBehindSagaInstanceRepository store) {
      this.store = store;
    }

    @Override
    public Object owner() {
      return store;
    }

    @Override
    public boolean written() {
      return flushed;
    }

    Optional<SagaInstance> kept(String sagaId) {
      return Optional.ofNullable(instances.get(sagaId));
    }

    void keep(SagaInstance instance, Write write) {
      instances.put(instance.getId(), instance);
      Write before = owed.getOrDefault(instance.getId(), Write.NONE);
      owed.put(instance.getId(), before.compareTo(write) >= 0 ? before : write);
    }

    void flush(String sagaId) {
      Write write = owed.put(sagaId, Write.NONE);
      if (write == Write.INSERT) {
        store.insert(instances.get(sagaId));
      } else if (write == Write.UPDATE) {
        store.updateRow(instances.get(sagaId));
      }
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      owed.keySet().stream().toList().forEach(this::flush);
      flushed = true;
    }

    @Override
    public void afterCompletion(int status) {
      instances.clear();
      owed.clear();
      flushed = true;
    }
  }
}
