package com.hhcommerce.stack;

import com.hhcommerce.stack.bench.BenchmarkMain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * ./stack [run|stop|bench]: runs the whole system in the foreground until Ctrl-C, stops one left running, or
 * runs the benchmark on a fresh stack and stops it.
 */
public final class LocalStackMain {

  private LocalStackMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    args = takeInstances(args);
    String command = args.length == 0 ? "run" : args[0];
    StackSettings settings = StackSettings.fromEnvironment();
    switch (command) {
      case "run" -> run(settings, false, args);
      case "bench" -> run(settings, true, Arrays.copyOfRange(args, 1, args.length));
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

  /** --instances order-service=2,inventory-service=2 (anywhere on the line) is the setting hh.stack.instances. */
  private static String[] takeInstances(String[] args) {
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

  private static void run(StackSettings settings, boolean benchmark, String[] benchmarkArgs) throws InterruptedException {
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
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nStopping every process of the stack ...");
      stack.close();
      StackStopper.launcherFile(settings).toFile().delete();
      stopped.countDown();
    }, "stack-shutdown"));

    System.out.println(StatusReport.of(stack));
    if (benchmark) {
      try {
        BenchmarkMain.run(stack, benchmarkArgs);
      } catch (Exception e) {
        System.err.println("The benchmark failed: " + e);
        e.printStackTrace();
      }
      System.exit(0); // the shutdown hook stops the stack
    }
    new DemoOrder(stack).placeAndReport(System.out);
    System.out.println("\nRunning. Press Ctrl-C to stop everything (or run ./stack stop from another terminal).");
    stopped.await();
  }
}
