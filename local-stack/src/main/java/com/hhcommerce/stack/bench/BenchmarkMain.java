package com.hhcommerce.stack.bench;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ./stack bench [--rates 10,25,50,100,150,200] [--warmup 150s] [--step 30s] [--no-monolith] [--no-monolith-ceiling] [--prefill N] [--out DIR]:
 * on a fresh stack, runs the ladder against the saga and the monolith baseline (which goes on up, by half a
 * step each time, until it falls behind) and writes benchmark.md, benchmark.csv and latency.png
 * (LocalStackMain starts and stops the stack).
 * ./stack bench --pings [--rates 12] [--warmup 150s] [--step 60s]: instead, what the messaging path costs by itself
 * ({@link MessagingFloor}), written to messaging-floor.md.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {
  }

  /** Runs the benchmark on a started stack with the command line's options. */
  public static void run(LocalStack stack, String[] args) throws Exception {
    if (Arrays.asList(args).contains("--pings")) {
      Benchmark.Options options = parse(Arrays.stream(args).filter(a -> !a.equals("--pings")).toArray(String[]::new), stack.settings());
      System.out.printf("Bus pings at %s requests/s, %d s warm-up + %d s measured per step%n", options.rates(),
          options.warmUp().toSeconds(), options.measured().toSeconds());
      String report = new MessagingFloor(stack, options, System.out).run().stream().map(MessagingFloor.Floor::markdown)
          .collect(Collectors.joining());
      Files.createDirectories(options.output());
      Files.writeString(options.output().resolve("messaging-floor.md"), "# The messaging path alone\n\n" + machine() + "\n" + report);
      System.out.println(report);
      System.out.println("Written: " + options.output().resolve("messaging-floor.md"));
      return;
    }
    Benchmark.Options options = parse(args, stack.settings());
    System.out.printf("Ladder %s orders/s, %d s warm-up + %d s measured per step%n", options.rates(),
        options.warmUp().toSeconds(), options.measured().toSeconds());
    write(new Benchmark(stack, options, System.out).run(), options.output());
  }

  public static void write(Benchmark.Result result, Path output) throws IOException {
    Files.createDirectories(output);
    String markdown = BenchmarkReport.markdown(result, machine());
    Files.writeString(output.resolve("benchmark.md"), markdown);
    Files.writeString(output.resolve("benchmark.csv"), BenchmarkReport.csv(result));
    BenchmarkReport.chart(result, output.resolve("latency.png"));
    System.out.println();
    System.out.println(markdown);
    System.out.println("Written: " + output.resolve("benchmark.md") + ", benchmark.csv, latency.png");
  }

  static Benchmark.Options parse(String[] args, StackSettings settings) {
    List<Double> rates = List.of(10.0, 25.0, 50.0, 100.0, 150.0, 200.0);
    // long enough for the Kafka broker's and the CDC's C2 compilation to finish in the first step (Jvm.pipelineFlags): 60 s
    // were, until ranking-service made the stack one JVM larger (docs/benchmark.md)
    Duration warmUp = Duration.ofSeconds(150);
    Duration step = Duration.ofSeconds(30);
    boolean monolith = true;
    boolean monolithToCeiling = true;
    long prefill = 0;
    Path output = settings.repository().resolve("local-stack/target/benchmark");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rates" -> rates = Arrays.stream(args[++i].split(",")).map(String::trim).map(Double::parseDouble).toList();
        case "--warmup" -> warmUp = seconds(args[++i]);
        case "--step" -> step = seconds(args[++i]);
        case "--no-monolith" -> monolith = false;
        case "--no-monolith-ceiling" -> monolithToCeiling = false;
        case "--prefill" -> prefill = Long.parseLong(args[++i].replace("_", ""));
        case "--out" -> output = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: ./stack bench [--pings] [--rates 10,25,50] [--warmup 150s] [--step 30s] [--no-monolith] [--no-monolith-ceiling] [--prefill N] [--out DIR]");
      }
    }
    return new Benchmark.Options(rates, warmUp, step, monolith, monolithToCeiling, prefill, output);
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
