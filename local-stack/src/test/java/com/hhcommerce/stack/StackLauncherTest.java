package com.hhcommerce.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The running stack's record (launcher.pid): who holds a home, and when a record is stale. */
class StackLauncherTest {

  @TempDir
  Path home;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void claimsAFreeHomeAndKeepsItsOwnClaim() {
    Path file = home.resolve("launcher.pid");

    assertThat(StackLauncher.claim(file)).isEmpty();
    assertThat(StackLauncher.recorded(file)).contains(StackLauncher.current());
    assertThat(StackLauncher.claim(file)).as("claimed again by the same JVM").isEmpty();
    assertThat(StackLauncher.running(file)).contains(StackLauncher.current());
  }

  @Test
  void refusesWhileAnotherLiveLauncherHoldsTheHomeAndLeavesItsRecord() throws IOException {
    Path file = home.resolve("launcher.pid");
    StackLauncher other = StackLauncher.of(sleeper().toHandle());
    Files.writeString(file, other.line());

    assertThat(StackLauncher.claim(file)).contains(other);
    assertThat(Files.readString(file)).isEqualTo(other.line());
    assertThat(other.describe(home)).contains("pid " + other.pid()).contains("./stack stop").contains(home.toString());
  }

  @Test
  void aRecordWhoseProcessIsGoneDoesNotBlock() throws Exception {
    Path file = home.resolve("launcher.pid");
    Process gone = sleeper();
    StackLauncher record = StackLauncher.of(gone.toHandle());
    gone.destroyForcibly().waitFor();
    Files.writeString(file, record.line());

    assertThat(StackLauncher.running(file)).isEmpty();
    assertThat(StackLauncher.claim(file)).isEmpty();
    assertThat(StackLauncher.recorded(file)).contains(StackLauncher.current());
  }

  @Test
  void aRecycledPidIsNotTakenForTheLauncher() throws IOException {
    Path file = home.resolve("launcher.pid");
    ProcessHandle alive = sleeper().toHandle();
    Files.writeString(file, new StackLauncher(alive.pid(), StackLauncher.of(alive).startedAtMillis() - 60_000).line());

    assertThat(StackLauncher.running(file)).isEmpty();
    assertThat(StackLauncher.claim(file)).isEmpty();
  }

  @Test
  void anUnreadableRecordIsStale() throws IOException {
    Path file = home.resolve("launcher.pid");
    Files.writeString(file, "");

    assertThat(StackLauncher.recorded(file)).isEmpty();
    assertThat(StackLauncher.claim(file)).isEmpty();
  }

  @Test
  void releasesOnlyItsOwnRecord() throws IOException {
    Path file = home.resolve("launcher.pid");
    StackLauncher other = StackLauncher.of(sleeper().toHandle());
    Files.writeString(file, other.line());

    StackLauncher.release(file);
    assertThat(file).exists();

    Files.delete(file);
    StackLauncher.claim(file);
    StackLauncher.release(file);
    assertThat(file).doesNotExist();
  }

  private Process sleeper() {
    try {
      Process process = new ProcessBuilder("sleep", "120").start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
