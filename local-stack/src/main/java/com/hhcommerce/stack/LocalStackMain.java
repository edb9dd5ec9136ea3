package com.hhcommerce.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * ./stack [run|stop]: runs the whole system in the foreground until Ctrl-C, or stops one left running.
 * (./stack bench runs the benchmark module's BenchmarkMain, which starts its stack through {@link #startInForeground}.)
 */
public final class LocalStackMain {

  private LocalStackMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    args = takeInstances(args);
    String command = args.length == 0 ? "run" : args[0];
    StackSettings settings = StackSettings.fromEnvironment();
    switch (command) {
      case "run" -> run(settings);
      case "stop" -> {
        int leftovers = StackStopper.stop(settings);
        System.out.println("Stopped the stack in " + settings.home() + (leftovers > 0 ? " (" + leftovers + " processes had to be stopped one by one)" : ""));
      }
      default -> {
        System.err.println("usage: ./stack [run|stop|bench [options]] [--instances order-service=2,inventory-service=2]");
        System.exit(2);
      }
    }
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
    System.out.println("\nRunning. Press Ctrl-C to stop everything (or run ./stack stop from another terminal).");
    stopped.await();
  }

  /**
   * Starts the stack as ./stack does: stops what a previous one left behind, starts every process, prints where each
   * listens, and stops them all when this JVM exits (Ctrl-C, ./stack stop or System.exit). Exits with 1 when the stack
   * does not start.
   */
  public static LocalStack startInForeground(StackSettings settings) {
    return startInForeground(settings, () -> {
    });
  }

  private static LocalStack startInForeground(StackSettings settings, Runnable afterStop) {
    if (StackStopper.pidFile(settings).toFile().exists()) {
      System.out.println("A previous stack left processes behind; stopping them first.");
      StackStopper.stop(settings);
    }
    StackStopper.registerLauncher(settings);
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
      StackStopper.launcherFile(settings).toFile().delete();
      afterStop.run();
    }, "stack-shutdown"));
    System.out.println(StatusReport.of(stack));
    return stack;
  }
}
