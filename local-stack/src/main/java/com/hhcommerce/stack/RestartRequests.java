package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * ./stack restart &lt;process&gt;: only the JVM that started the stack holds its processes (and stops them all on Ctrl-C
 * or ./stack stop), so the command asks that JVM to start one again, through a request file in the stack's home
 * that the JVM answers with an answer file of the same id.
 */
final class RestartRequests {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final String REQUEST = ".restart";
  private static final String ANSWER = ".answer";

  private RestartRequests() {
  }

  /** The exit code of ./stack restart (0: the process runs) and what it prints. */
  record Answer(int exitCode, String message) {

    String text() {
      return exitCode + "\n" + message;
    }

    static Answer parse(String text) {
      int newline = text.indexOf('\n');
      return new Answer(Integer.parseInt(text.substring(0, newline)), text.substring(newline + 1));
    }
  }

  static Path folder(StackSettings settings) {
    return settings.home().resolve("requests");
  }

  /** Asks the launcher to restart a process and waits for its answer, as long as the launcher lives. */
  static Answer ask(Path folder, StackLauncher launcher, String process, Duration timeout) {
    String id = UUID.randomUUID().toString();
    Path request = folder.resolve(id + REQUEST);
    Path answer = folder.resolve(id + ANSWER);
    writeAtomically(request, process);
    Instant deadline = Instant.now().plus(timeout);
    try {
      while (true) {
        boolean alive = launcher.isAlive(); // before looking for the answer: it may answer, then end
        if (Files.exists(answer)) {
          Answer received = Answer.parse(Files.readString(answer));
          Files.deleteIfExists(answer);
          return received;
        }
        if (!alive) {
          return new Answer(1, "The stack's launcher (pid %d) ended before it answered.".formatted(launcher.pid()));
        }
        if (Instant.now().isAfter(deadline)) {
          return new Answer(1, "No answer from the stack's launcher (pid %d) within %d s.".formatted(launcher.pid(), timeout.toSeconds()));
        }
        ManagedProcess.pause(POLL);
      }
    } catch (IOException e) {
      throw new StackException("Cannot read " + answer, e);
    } finally {
      deleteQuietly(request);
    }
  }

  /** Answers requests in a daemon thread until stopped, one at a time, oldest first. */
  static Thread serve(Path folder, Function<String, Answer> answerer, BooleanSupplier stopped) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StackException("Cannot create " + folder, e);
    }
    Thread server = new Thread(() -> {
      while (!stopped.getAsBoolean()) {
        try {
          for (Path request : files(folder, REQUEST)) {
            String name = Files.readString(request).trim();
            Files.deleteIfExists(request);
            Answer answer;
            try {
              answer = answerer.apply(name);
            } catch (RuntimeException e) {
              answer = new Answer(1, name + ": " + e.getMessage());
            }
            String file = request.getFileName().toString();
            writeAtomically(folder.resolve(file.substring(0, file.length() - REQUEST.length()) + ANSWER), answer.text());
          }
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          return;
        } catch (IOException | StackException e) {
          System.err.println("./stack restart: " + e.getMessage());
        }
      }
    }, "stack-restart-requests");
    server.setDaemon(true);
    server.start();
    return server;
  }

  /** The running stack's answer: starts the process again as the stack started it, unless it still runs. */
  static Answer restart(LocalStack stack, String name) {
    ManagedProcess process;
    try {
      process = stack.process(name);
    } catch (StackException unknown) {
      return new Answer(1, unknown.getMessage());
    }
    if (process.isAlive()) {
      return new Answer(0, "%s is still running (pid %d): nothing done.".formatted(name, process.pid()));
    }
    System.out.println("./stack restart: starting " + name + " again ...");
    Answer answer;
    try {
      stack.restart(name);
      answer = new Answer(0, "%s is running again: pid %d, port %d, log appended to %s"
          .formatted(name, process.pid(), process.port(), process.logFile()));
    } catch (StackException e) {
      answer = new Answer(1, name + " did not come back: " + e.getMessage());
    }
    System.out.println(answer.message());
    return answer;
  }

  private static List<Path> files(Path folder, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix))
          .sorted(Comparator.comparingLong(f -> f.toFile().lastModified())).toList();
    }
  }

  private static void writeAtomically(Path file, String text) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(temporary, text);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StackException("Cannot write " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // nobody waits for it any more; the next stack's start clears the folder
    }
  }
}
