package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops a stack started by another launcher (./stack stop): only the processes listed in its pid file,
 * and only while their start time still matches, so a recycled pid is never touched.
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

  /** Remembers the foreground launcher, so that `./stack stop` ends it too (its shutdown hook stops the rest). */
  static void registerLauncher(StackSettings settings) {
    ProcessHandle self = ProcessHandle.current();
    try {
      Files.createDirectories(settings.home());
      Files.writeString(launcherFile(settings), "launcher %d %d%n".formatted(self.pid(),
          self.info().startInstant().map(Instant::toEpochMilli).orElse(0L)));
    } catch (IOException e) {
      throw new StackException("Cannot write " + launcherFile(settings), e);
    }
  }

  static int stop(StackSettings settings) {
    stopLauncher(settings);
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
      List<ProcessHandle> reversed = new ArrayList<>(ours);
      java.util.Collections.reverse(reversed);
      for (ProcessHandle handle : reversed) {
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
    try {
      if (Files.exists(file)) {
        String[] parts = Files.readString(file).trim().split(" ");
        if (parts.length == 3 && Long.parseLong(parts[1]) != ProcessHandle.current().pid()) {
          sameProcess(Long.parseLong(parts[1]), Long.parseLong(parts[2])).ifPresent(launcher -> {
            launcher.destroy();
            try {
              launcher.onExit().get(90, TimeUnit.SECONDS);
            } catch (Exception timeout) {
              launcher.destroyForcibly();
            }
          });
        }
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new StackException("Cannot read " + file, e);
    }
  }

  private static Optional<ProcessHandle> sameProcess(long pid, long startedAtMillis) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedAtMillis);
  }
}
