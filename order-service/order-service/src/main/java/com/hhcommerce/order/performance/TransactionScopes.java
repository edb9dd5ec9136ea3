package com.hhcommerce.order.performance;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * State kept with the current transaction as one of its synchronizations, so that it is suspended and resumed
 * with the transaction (a nested REQUIRES_NEW gets its own) and written out in its {@code beforeCommit}.
 */
public final class TransactionScopes {

  /** A transaction's state, owned by one component. */
  public interface Scope extends TransactionSynchronization {
    Object owner();

    /** True once written at the commit: later calls in the same synchronization scope (an after-commit callback) must go straight to the database. */
    boolean written();
  }

  private TransactionScopes() {
  }

  /** The owner's scope of the current transaction, made and registered on first use; empty outside a transaction or once written. */
  public static <S extends Scope> Optional<S> current(Object owner, Class<S> type, Supplier<S> create) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return Optional.empty();
    }
    Optional<S> found = TransactionSynchronizationManager.getSynchronizations().stream()
        .filter(type::isInstance).map(type::cast).filter(s -> s.owner() == owner).findFirst();
    if (found.isPresent()) {
      return found.get().written() ? Optional.empty() : found;
    }
    S created = create.get();
    TransactionSynchronizationManager.registerSynchronization(created);
    return Optional.of(created);
  }
}
