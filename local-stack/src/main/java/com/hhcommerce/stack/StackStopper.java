package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops a stack started by another launcher (./stack stop): the launcher first (its shutdown hook stops what it
 * started), then whatever is still listed in the pid file, and only while their start times still match, so a
 * recycled pid is never touched.
 */
final class StackStopper {

  private StackStopper() {
  }

  static Path pidFile(StackSettings settings) {
    return settings.home().resolve("stack.pids");
  }

  static Path launcherFile(StackSettings settings) {
    return settings.home().resolve("launcher.pid");
  }

  static int stop(StackSettings settings) {
    stopLauncher(settings);
    return stopLeftovers(settings);
  }

  /** The processes in the pid file that are still alive: what a launcher killed without its shutdown hook left behind. */
  static int stopLeftovers(StackSettings settings) {
    Path file = pidFile(settings);
    if (!Files.exists(file)) {
      return 0;
    }
    List<ProcessHandle> ours = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 3) {
          sameProcess(Long.parseLong(parts[1]), Long.parseLong(parts[2])).ifPresent(ours::add);
        }
      }
      Collections.reverse(ours);
      for (ProcessHandle handle : ours) {
        handle.destroy();
        try {
          handle.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception timeout) {
          handle.destroyForcibly();
        }
      }
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StackException("Cannot read " + file, e);
    }
    return ours.size();
  }

  private static void stopLauncher(StackSettings settings) {
    Path file = launcherFile(settings);
    StackLauncher.running(file).filter(launcher -> launcher.pid() != ProcessHandle.current().pid())
        .flatMap(launcher -> ProcessHandle.of(launcher.pid())).ifPresent(launcher -> {
          launcher.destroy();
          try {
            launcher.onExit().get(90, TimeUnit.SECONDS);
          } catch (Exception timeout) {
            launcher.destroyForcibly();
          }
        });
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StackException("Cannot delete " + file, e);
    }
  }

  private static Optional<ProcessHandle> sameProcess(long pid, long startedAtMillis) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedAtMillis);
  }
}
