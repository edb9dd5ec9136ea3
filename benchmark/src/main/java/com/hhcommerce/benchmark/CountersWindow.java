package com.hhcommerce.benchmark;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Reads the stack's counters as a measured window opens and as it closes. */
final class CountersWindow implements OpenLoopLoad.MeasuredWindow {

  private final LocalStack stack;
  private final List<ManagedProcess> processes;
  private final Supplier<TokenVerifications> tokens;
  private StackCounters opened;
  private StackCounters closed;

  CountersWindow(LocalStack stack, List<ManagedProcess> processes, Supplier<TokenVerifications> tokens) {
    this.stack = stack;
    this.processes = processes;
    this.tokens = tokens;
  }

  /** The counters around a stretch of time in which nothing is asked of the stack: what its processes spend idle. */
  static CountersWindow idle(LocalStack stack, Duration duration) throws InterruptedException {
    CountersWindow window = new CountersWindow(stack, stack.processesInStartOrder(), () -> TokenVerifications.NONE);
    window.opened();
    TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    window.closed();
    return window;
  }

  @Override
  public void opened() {
    opened = read();
  }

  @Override
  public void closed() {
    closed = read();
  }

  StackCounters atOpening() {
    return opened;
  }

  StackCounters atClosing() {
    return closed;
  }

  private StackCounters read() {
    try (Connection admin = stack.adminConnection()) {
      return StackCounters.read(admin, stack.settings().kafkaBootstrapServers(), processes, tokens);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the stack's counters", e);
    }
  }
}
