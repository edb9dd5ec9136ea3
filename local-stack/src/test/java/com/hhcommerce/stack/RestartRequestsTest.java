package com.hhcommerce.stack;

import com.hhcommerce.stack.RestartRequests.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ./stack restart without the whole system: a stack holding one plain process (sleep), killed, then started again by
 * the JVM that holds the stack, at the request of another command.
 */
class RestartRequestsTest {

  @TempDir
  Path home;
  private LocalStack stack;
  private ManagedProcess sleeper;
  private final AtomicBoolean stopped = new AtomicBoolean();

  @BeforeEach
  void startAStackOfOneProcess() throws IOException {
    StackSettings settings = new StackSettings(home, home, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of(), Map.of());
    stack = new LocalStack(settings);
    sleeper = stack.startExtra(new ManagedProcess("sleeper", List.of("sleep", "120"), Map.of("WHO", "sleeper"),
        settings.logs().resolve("sleeper.log"), freePort(), () -> true));
  }

  @AfterEach
  void stop() {
    stopped.set(true);
    stack.close();
  }

  @Test
  void startsAKilledProcessAgainAsTheStackStartedItAndStopsItWithTheStack() throws IOException {
    long firstPid = sleeper.pid();
    sleeper.kill();

    Answer answer = RestartRequests.restart(stack, "sleeper");

    assertThat(answer.exitCode()).isZero();
    assertThat(sleeper.isAlive()).isTrue();
    assertThat(sleeper.pid()).isNotEqualTo(firstPid);
    assertThat(answer.message()).contains("running again").contains("pid " + sleeper.pid()).contains("port " + sleeper.port());
    assertThat(Files.readString(sleeper.logFile()).split("==== sleeper starting")).as("the log appended to, once per start").hasSize(3);
    assertThat(Files.readString(StackStopper.pidFile(stack.settings()))).as("./stack stop finds it").contains("sleeper " + sleeper.pid() + " ");

    ProcessHandle restarted = ProcessHandle.of(sleeper.pid()).orElseThrow();
    stack.close();
    assertThat(restarted.isAlive()).isFalse();
    assertThat(StackStopper.pidFile(stack.settings())).doesNotExist();
  }

  @Test
  void leavesARunningProcessAlone() {
    long pid = sleeper.pid();

    Answer answer = RestartRequests.restart(stack, "sleeper");

    assertThat(answer).isEqualTo(new Answer(0, "sleeper is still running (pid " + pid + "): nothing done."));
    assertThat(sleeper.pid()).isEqualTo(pid);
  }

  @Test
  void namesTheKnownProcessesForAnUnknownOne() {
    Answer answer = RestartRequests.restart(stack, "inventory-service-3");

    assertThat(answer.exitCode()).isEqualTo(1);
    assertThat(answer.message()).contains("inventory-service-3").contains("sleeper");
  }

  @Test
  void anotherCommandAsksTheLauncherAndGetsItsAnswer() {
    Path folder = RestartRequests.folder(stack.settings());
    RestartRequests.serve(folder, name -> RestartRequests.restart(stack, name), stopped::get);
    sleeper.kill();

    Answer answer = RestartRequests.ask(folder, StackLauncher.current(), "sleeper", Duration.ofSeconds(30));

    assertThat(answer.exitCode()).isZero();
    assertThat(answer.message()).contains("sleeper is running again");
    assertThat(sleeper.isAlive()).isTrue();
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void givesUpWhenTheLauncherIsGone() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    StackLauncher launcher = new StackLauncher(gone.pid(), 1);

    Answer answer = RestartRequests.ask(RestartRequests.folder(stack.settings()), launcher, "sleeper", Duration.ofSeconds(30));

    assertThat(answer.exitCode()).isEqualTo(1);
    assertThat(answer.message()).contains("pid " + gone.pid()).contains("ended");
    assertThat(RestartRequests.folder(stack.settings())).isEmptyDirectory();
  }

  @Test
  void answersSurviveTheirFile() {
    Answer answer = new Answer(1, "x did not come back: exited\nlast lines");

    assertThat(Answer.parse(answer.text())).isEqualTo(answer);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
