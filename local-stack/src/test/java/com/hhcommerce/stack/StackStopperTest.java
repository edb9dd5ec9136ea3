package com.hhcommerce.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** ./stack stop ends the recorded launcher and what the pid file lists, and nothing whose pid was recycled. */
class StackStopperTest {

  @TempDir
  Path home;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void stopsTheLauncherAndTheListedProcessesOnly() throws Exception {
    StackSettings settings = new StackSettings(home, home, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of(), Map.of());
    ProcessHandle launcher = sleeper();
    ProcessHandle listed = sleeper();
    ProcessHandle recycled = sleeper();
    Files.writeString(StackStopper.launcherFile(settings), StackLauncher.of(launcher).line());
    Files.writeString(StackStopper.pidFile(settings), "kafka %d %d%nredis %d %d%n".formatted(listed.pid(), StackLauncher.of(listed).startedAtMillis(),
        recycled.pid(), StackLauncher.of(recycled).startedAtMillis() - 60_000));

    StackStopper.stop(settings);

    assertThat(launcher.onExit().get().isAlive()).isFalse();
    assertThat(listed.isAlive()).isFalse();
    assertThat(recycled.isAlive()).isTrue();
    assertThat(StackStopper.launcherFile(settings)).doesNotExist();
    assertThat(StackStopper.pidFile(settings)).doesNotExist();
  }

  private ProcessHandle sleeper() throws IOException {
    Process process = new ProcessBuilder("sleep", "120").start();
    started.add(process);
    return process.toHandle();
  }
}
