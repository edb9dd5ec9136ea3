package com.hhcommerce.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * ./stack [run|stop|status|restart &lt;process&gt;]: runs the whole system in the foreground until Ctrl-C, stops the one
 * running, says whether one runs, or starts one of its processes again ({@code ./stack --help} in the script).
 * (./stack bench runs the benchmark module's BenchmarkMain, which starts its stack through {@link #startInForeground}.)
 */
public final class LocalStackMain {

  private LocalStackMain() {
  }

  /** What ./stack was asked, --instances taken out: the command (run when the line starts with an option) and its operands. */
  record Command(String name, List<String> operands) {

    static Command parse(String[] args) {
      if (args.length == 0 || args[0].startsWith("-")) {
        return new Command("run", List.of(args));
      }
      return new Command(args[0], List.of(Arrays.copyOfRange(args, 1, args.length)));
    }

    /** Why the command cannot run as given, if it cannot. */
    Optional<String> problem() {
      return switch (name) {
        case "run", "stop", "status" -> operands.isEmpty() ? Optional.empty()
            : Optional.of("./stack " + name + " takes no " + operands.get(0));
        case "restart" -> operands.size() == 1 && !operands.get(0).startsWith("-") ? Optional.empty()
            : Optional.of("./stack restart takes one process name from the stack's table, e.g. ./stack restart inventory-service");
        default -> Optional.of("unknown command " + name);
      };
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Command command = Command.parse(takeInstances(args));
    command.problem().ifPresent(problem -> {
      System.err.println(problem + " (./stack --help lists what it does)");
      System.exit(2);
    });
    StackSettings settings = StackSettings.fromEnvironment();
    Optional<StackLauncher> running = StackLauncher.running(StackStopper.launcherFile(settings));
    switch (command.name()) {
      case "run" -> run(settings);
      case "stop" -> {
        int leftovers = StackStopper.stop(settings);
        System.out.println("Stopped the stack in " + settings.home() + (leftovers > 0 ? " (" + leftovers + " processes had to be stopped one by one)" : ""));
      }
      case "status" -> {
        System.out.println(running.map(launcher -> launcher.describe(settings.home())).orElse("No stack is running in " + settings.home() + "."));
        System.exit(running.isPresent() ? 0 : 3);
      }
      case "restart" -> System.exit(restart(settings, running, command.operands().get(0)));
      default -> throw new IllegalStateException(command.name());
    }
  }

  private static int restart(StackSettings settings, Optional<StackLauncher> running, String process) {
    if (running.isEmpty()) {
      System.err.println("No stack is running in " + settings.home() + ": nothing to restart (./stack starts one).");
      return 1;
    }
    System.out.println("Asking the stack's launcher (pid " + running.get().pid() + ") to start " + process + " again; it answers once "
        + process + " is healthy ...");
    RestartRequests.Answer answer = RestartRequests.ask(RestartRequests.folder(settings), running.get(), process, Duration.ofMinutes(6));
    (answer.exitCode() == 0 ? System.out : System.err).println(answer.message());
    return answer.exitCode();
  }

  /**
   * --instances order-service=2,inventory-service=2 (anywhere on the line) is the setting hh.stack.instances;
   * returns the other arguments.
   */
  public static String[] takeInstances(String[] args) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--instances") && i + 1 < args.length) {
        System.setProperty("hh.stack.instances", args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    return rest.toArray(String[]::new);
  }

  private static void run(StackSettings settings) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    LocalStack stack = startInForeground(settings, stopped::countDown);
    new DemoOrder(stack).placeAndReport(System.out);
    System.out.println("\nRunning. Press Ctrl-C to stop everything (or run ./stack stop from another terminal;"
        + " ./stack restart <process> starts a killed one again).");
    stopped.await();
  }

  /**
   * Starts the stack as ./stack does: refuses (exit 1, nothing touched) while another stack runs in the same home,
   * stops what a previous one left behind, starts every process, prints where each listens, and stops them all when this
   * JVM exits (Ctrl-C, ./stack stop or System.exit). Exits with 1 when the stack does not start.
   */
  public static LocalStack startInForeground(StackSettings settings) {
    return startInForeground(settings, () -> {
    });
  }

  private static LocalStack startInForeground(StackSettings settings, Runnable afterStop) {
    Optional<StackLauncher> running = StackLauncher.claim(StackStopper.launcherFile(settings));
    if (running.isPresent()) {
      System.err.println(running.get().describe(settings.home()) + "\nNot starting another one: nothing was started or stopped.");
      System.exit(1);
      return null;
    }
    if (StackStopper.stopLeftovers(settings) > 0) {
      System.out.println("Stopped the processes a previous stack's launcher left behind when it was killed.");
    }
    System.out.println("Starting hh-commerce in " + settings.home() + " (logs in " + settings.logs() + ") ...");
    LocalStack stack;
    try {
      stack = LocalStack.start(settings);
    } catch (StackException e) {
      System.err.println("\nThe stack did not start: " + e.getMessage());
      System.exit(1);
      return null;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nStopping every process of the stack ...");
      stack.close();
      afterStop.run();
    }, "stack-shutdown"));
    System.out.println(StatusReport.of(stack));
    return stack;
  }
}
