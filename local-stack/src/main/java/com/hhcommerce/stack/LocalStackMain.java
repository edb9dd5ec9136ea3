package com.hhcommerce.stack;

import java.util.concurrent.CountDownLatch;

/** ./stack [run|stop]: runs the whole system in the foreground until Ctrl-C, or stops one left running. */
public final class LocalStackMain {

  private LocalStackMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    String command = args.length == 0 ? "run" : args[0];
    StackSettings settings = StackSettings.fromEnvironment();
    switch (command) {
      case "run" -> run(settings);
      case "stop" -> {
        int leftovers = StackStopper.stop(settings);
        System.out.println("Stopped the stack in " + settings.home() + (leftovers > 0 ? " (" + leftovers + " processes had to be stopped one by one)" : ""));
      }
      default -> {
        System.err.println("usage: ./stack [run|stop]");
        System.exit(2);
      }
    }
  }

  private static void run(StackSettings settings) throws InterruptedException {
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
    new DemoOrder(stack).placeAndReport(System.out);
    System.out.println("\nRunning. Press Ctrl-C to stop everything (or run ./stack stop from another terminal).");
    stopped.await();
  }
}
