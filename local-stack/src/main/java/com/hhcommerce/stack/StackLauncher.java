package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The JVM that started the stack in a home (./stack, ./stack bench or an end-to-end test run), as launcher.pid records
 * it: its pid and start time, so that a recycled pid is never taken for it. One home runs one stack: a record whose
 * process is gone is stale and does not block the next one.
 */
record StackLauncher(long pid, long startedAtMillis) {

  static StackLauncher current() {
    ProcessHandle self = ProcessHandle.current();
    return new StackLauncher(self.pid(), startedAtMillis(self));
  }

  static StackLauncher of(ProcessHandle process) {
    return new StackLauncher(process.pid(), startedAtMillis(process));
  }

  /** The record in the file, if there is one that can be read. */
  static Optional<StackLauncher> recorded(Path file) {
    try {
      String[] parts = Files.readString(file).trim().split(" ");
      return parts.length == 3 && parts[0].equals("launcher")
          ? Optional.of(new StackLauncher(Long.parseLong(parts[1]), Long.parseLong(parts[2]))) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The launcher of the stack running in this home: recorded, and that very process still alive. */
  static Optional<StackLauncher> running(Path file) {
    return recorded(file).filter(StackLauncher::isAlive);
  }

  /**
   * Records this JVM as the home's launcher, unless another live one is recorded: then returns that one and leaves
   * the record as it is. A record of this JVM already counts as claimed.
   */
  static Optional<StackLauncher> claim(Path file) {
    StackLauncher self = current();
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, self.line(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return Optional.empty();
      } catch (FileAlreadyExistsException taken) {
        Optional<StackLauncher> recorded = recorded(file);
        if (recorded.filter(self::equals).isPresent()) {
          return Optional.empty();
        }
        if (recorded.filter(StackLauncher::isAlive).isPresent()) {
          return recorded;
        }
        delete(file); // stale: its process is gone
      } catch (IOException e) {
        throw new StackException("Cannot write " + file, e);
      }
    }
    throw new StackException("Cannot claim " + file + ": another launcher keeps writing it");
  }

  /** Removes the record if it names this JVM (a stack stopped by its launcher). */
  static void release(Path file) {
    if (recorded(file).filter(current()::equals).isPresent()) {
      delete(file);
    }
  }

  boolean isAlive() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(StackLauncher::startedAtMillis)
        .filter(started -> started == startedAtMillis).isPresent();
  }

  /** What a second ./stack prints, and ./stack status. */
  String describe(Path home) {
    return "A stack is running in %s (started by pid %d at %s). Stop it with ./stack stop, or Ctrl-C where it runs."
        .formatted(home, pid, Instant.ofEpochMilli(startedAtMillis));
  }

  String line() {
    return "launcher %d %d%n".formatted(pid, startedAtMillis);
  }

  private static long startedAtMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StackException("Cannot delete " + file, e);
    }
  }
}
