package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server of the stack as an operating-system process: its own log file, a readiness probe, and a
 * plain message with the last log lines when it dies or does not become ready in time.
 */
public class ManagedProcess {

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logFile;
  private final int port;
  private final BooleanSupplier readiness;
  private volatile Process process;

  public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path logFile,
                        int port, BooleanSupplier readiness) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.logFile = logFile;
    this.port = port;
    this.readiness = readiness;
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return logFile;
  }

  public synchronized void start() {
    if (isAlive()) {
      throw new StackException(name + " is already running (pid " + process.pid() + ")");
    }
    if (Ports.inUse(port)) {
      throw new StackException("%s cannot start: port %d is already taken by another process".formatted(name, port));
    }
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      Files.writeString(logFile, "%n==== %s starting at %s: %s%n".formatted(name, Instant.now(), String.join(" ", command)),
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new StackException("%s could not be started: %s".formatted(name, e.getMessage()), e);
    }
  }

  /** Waits until the readiness probe passes; fails fast with the log's tail when the process dies. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (!isAlive()) {
        throw new StackException("%s exited with code %s before it was ready. Last lines of %s:%n%s"
            .formatted(name, process == null ? "?" : process.exitValue(), logFile, tail(30)));
      }
      if (readiness.getAsBoolean()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new StackException("%s was not ready within %ds. Last lines of %s:%n%s"
            .formatted(name, timeout.toSeconds(), logFile, tail(30)));
      }
      pause(Duration.ofMillis(250));
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The exit code once the process has ended. */
  public OptionalInt exitCode() {
    Process current = process;
    return current == null || current.isAlive() ? OptionalInt.empty() : OptionalInt.of(current.exitValue());
  }

  public long pid() {
    return process == null ? -1 : process.pid();
  }

  /** A crash: SIGKILL, no shutdown hooks, no flushing. */
  public synchronized void kill() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
  }

  /** A process that hangs: SIGSTOP. Its sockets stay open (connections are accepted by the kernel), nothing answers. */
  public void freeze() {
    signal("STOP");
  }

  /** Undoes {@link #freeze}: SIGCONT. */
  public void thaw() {
    signal("CONT");
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new StackException("kill -" + signal + " " + pid() + " failed for " + name);
      }
    } catch (java.io.IOException e) {
      throw new StackException("kill -" + signal + " " + pid() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  /** A clean stop: SIGTERM, then SIGKILL after the grace period. */
  public synchronized void stop(Duration grace) {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitFor(grace)) {
        kill();
      }
    }
  }

  public long residentMemoryKb() {
    if (!isAlive()) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A polling interval; an interrupt ends the caller's wait with a StackException. */
  static void pause(Duration duration) {
    if (!pauseUnlessInterrupted(duration)) {
      throw new StackException("interrupted");
    }
  }

  /** A polling interval of a loop that ends when interrupted: false then, the interrupt kept. */
  static boolean pauseUnlessInterrupted(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
