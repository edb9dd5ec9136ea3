package com.hhcommerce.benchmark;

import com.hhcommerce.stack.Jvm;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.LocalStackMain;
import com.hhcommerce.stack.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ./stack bench [--rates 10,25,50,100,150,200] [--warmup 150s] [--step 30s] [--jit-warmup 600s] [--monolith-jit-warmup 600s] [--no-monolith] [--no-monolith-ceiling]
 * [--prefill N] [--profile] [--stock] [--out DIR]: starts a fresh stack (as ./stack does, its JVMs on C2:
 * {@link #MEASURED_JVM_FLAGS}) with the performance mechanisms on, runs the
 * ladder against the saga and the monolith baseline (which goes on up, by half a step each time, until it falls behind),
 * writes benchmark.md, benchmark.csv, latency.png and cpu-per-order.png, and stops the stack.
 * ./stack bench --pings [--rates 12] [--warmup 150s] [--step 60s]: instead, what the messaging path costs by itself
 * ({@link MessagingFloor}), written to messaging-floor.md.
 */
public final class BenchmarkMain {

  static final String USAGE = "usage: ./stack bench [--pings] [--rates 10,25,50] [--warmup 150s] [--step 30s] [--no-monolith] "
      + "[--no-monolith-ceiling] [--jit-warmup 600s] [--monolith-jit-warmup 600s] [--prefill N] [--profile] [--stock] [--out DIR] [--instances order-service=2,...]";

  /**
   * The services' and the monolith's JVM flags in a benchmark, unless HH_STACK_JVM_FLAGS says otherwise: C2, as any
   * production JVM runs, where the local stack's default is C1 only (quick to start on two shared cores). One C2
   * compiler thread, so that compiling never takes both cores; the default code cache, which a smaller one filled.
   */
  static final String MEASURED_JVM_FLAGS = "-XX:+UseSerialGC -XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=240m " + Jvm.NO_PERF_DATA;

  /** What the command line asks for: the benchmark's options, the bus pings instead of the ladder, a stock stack. */
  record Command(Benchmark.Options options, boolean pings, boolean stock) {
  }

  private BenchmarkMain() {
  }

  public static void main(String[] args) {
    args = LocalStackMain.takeInstances(args);
    StackSettings settings = StackSettings.fromEnvironment();
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    Command command;
    try {
      command = parse(args, settings);
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Jvm.defaultFlags(MEASURED_JVM_FLAGS);
    LocalStack stack = LocalStackMain.startInForeground(command.stock() ? settings : settings.withServiceEnvironment(PerformanceMechanisms.ON));
    int status = 0;
    try {
      run(stack, command);
    } catch (Exception e) {
      System.err.println("The benchmark failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status); // the shutdown hook stops the stack
  }

  /** Runs the benchmark on a started stack. */
  static void run(LocalStack stack, Command command) throws Exception {
    Benchmark.Options options = command.options();
    String mechanisms = PerformanceMechanisms.describe(stack.settings());
    if (command.pings()) {
      System.out.printf("Bus pings at %s requests/s, %d s warm-up (%d s at the first rate) + %d s measured per step; JVM flags %s; %s%n",
          options.rates(), options.warmUp().toSeconds(), options.warmUp(true).toSeconds(), options.measured().toSeconds(),
          String.join(" ", Jvm.flags()), mechanisms);
      String report = new MessagingFloor(stack, options, System.out).run().stream().map(MessagingFloor.Floor::markdown)
          .collect(Collectors.joining());
      Files.createDirectories(options.output());
      Files.writeString(options.output().resolve("messaging-floor.md"), "# The messaging path alone\n\n" + machine() + "\n\nServices: "
          + mechanisms + ".\n" + report);
      System.out.println(report);
      System.out.println("Written: " + options.output().resolve("messaging-floor.md"));
      return;
    }
    System.out.printf("Ladder %s orders/s, %d s warm-up (%d s at the saga's first step, %d s at the monolith's) + %d s measured per step; JVM flags %s; %s%n",
        options.rates(), options.warmUp().toSeconds(), options.warmUp(true).toSeconds(), options.monolithWarmUp(true).toSeconds(), options.measured().toSeconds(),
        String.join(" ", Jvm.flags()), mechanisms);
    write(new Benchmark(stack, options, System.out).run(), options.output());
    if (options.profile()) {
      System.out.println("Flame graphs: " + options.output().resolve("perf"));
    }
  }

  public static void write(Benchmark.Result result, Path output) throws IOException {
    Files.createDirectories(output);
    String markdown = BenchmarkReport.markdown(result, machine());
    Files.writeString(output.resolve("benchmark.md"), markdown);
    Files.writeString(output.resolve("benchmark.csv"), BenchmarkReport.csv(result));
    BenchmarkCharts.write(result, output);
    System.out.println();
    System.out.println(markdown);
    System.out.println("Written: " + output.resolve("benchmark.md") + ", benchmark.csv, latency.png, cpu-per-order.png");
  }

  static Command parse(String[] args, StackSettings settings) {
    List<Double> rates = List.of(10.0, 25.0, 50.0, 100.0, 150.0, 200.0);
    // long enough for the Kafka broker's and the CDC's C2 compilation to finish in the first step (Jvm.pipelineFlags): 60 s
    // were, until ranking-service made the stack one JVM larger (docs/benchmark.md)
    Duration warmUp = Duration.ofSeconds(150);
    Duration step = Duration.ofSeconds(30);
    // ten C2 JVMs sharing what the load leaves of two cores compile for ten minutes and more (docs/benchmark.md)
    Duration jitWarmUp = Duration.ofSeconds(600);
    Duration monolithJitWarmUp = null;
    boolean monolith = true;
    boolean monolithToCeiling = true;
    long prefill = 0;
    boolean profile = false;
    boolean pings = false;
    boolean stock = false;
    Path output = settings.repository().resolve("benchmark/target/benchmark");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rates" -> rates = Arrays.stream(value(args, ++i).split(",")).map(String::trim).map(Double::parseDouble).toList();
        case "--warmup" -> warmUp = seconds(value(args, ++i));
        case "--step" -> step = seconds(value(args, ++i));
        case "--jit-warmup" -> jitWarmUp = seconds(value(args, ++i));
        case "--monolith-jit-warmup" -> monolithJitWarmUp = seconds(value(args, ++i));
        case "--no-monolith" -> monolith = false;
        case "--no-monolith-ceiling" -> monolithToCeiling = false;
        case "--prefill" -> prefill = Long.parseLong(value(args, ++i).replace("_", ""));
        case "--profile" -> profile = true;
        case "--pings" -> pings = true;
        case "--stock" -> stock = true;
        case "--out" -> output = Path.of(value(args, ++i)).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new Command(new Benchmark.Options(rates, warmUp, step, monolith, monolithToCeiling, prefill, output, profile, jitWarmUp,
        monolithJitWarmUp == null ? jitWarmUp : monolithJitWarmUp), pings, stock);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static Duration seconds(String text) {
    return Duration.ofSeconds(Long.parseLong(text.replaceAll("s$", "")));
  }

  static String machine() {
    String cpu = "unknown CPU";
    long memoryKb = 0;
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
      memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
    } catch (IOException e) {
      // the figures stand without it
    }
    return "%d cores (%s), %d GB RAM, Java %s; every process of the stack and the load generator on this one machine"
        .formatted(Runtime.getRuntime().availableProcessors(), cpu, memoryKb / 1024 / 1024, System.getProperty("java.version"));
  }
}
