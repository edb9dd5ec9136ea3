package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the launcher starts its child JVMs. */
public final class Jvm {

  /**
   * Flags every service JVM of the stack gets. Ten JVMs share two cores here: the C2 compiler kept them busy
   * for minutes after start (the benchmark measured saga completion p50 17 s at 10 orders/s with C2, 0.1 s with
   * C1 only, and a start-up of 114 s against 60 s). C1 code is somewhat slower at its peak, which a
   * machine with cores to spare would reach; there, set HH_STACK_JVM_FLAGS (e.g. to "-XX:+UseSerialGC").
   * {@link #NO_PERF_DATA} in every JVM of the stack.
   */
  public static List<String> flags() {
    return split(StackSettings.setting("jvm-flags", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 " + NO_PERF_DATA));
  }

  /**
   * No hsperfdata file: its sampler woke each idle Spring service 20 times a second (0.2–0.3 % of a core per JVM,
   * the "VM Periodic Task" thread). jcmd and the attach API still reach the JVM by its pid; jps and jstat do not, and
   * Micrometer's jvm_compilation_time_ms_total reads 0.
   */
  public static final String NO_PERF_DATA = "-XX:-UsePerfData";

  /**
   * Makes {@code flags} the services' flags unless HH_STACK_JVM_FLAGS (or -Dhh.stack.jvm-flags) chose others; before
   * the stack starts.
   */
  public static void defaultFlags(String flags) {
    if (StackSettings.setting("jvm-flags", null) == null) {
      System.setProperty("hh.stack.jvm-flags", flags);
    }
  }

  /**
   * Flags of the JVMs every message passes through, the Kafka broker and the CDC: few hot loops, which C2
   * compiles within a minute and then runs at about half of C1's CPU per message (docs/benchmark.md). One C2
   * thread (CICompilerCount=2 is one C1 and one C2) so that compiling never takes both cores.
   * HH_STACK_PIPELINE_JVM_FLAGS changes them.
   */
  public static List<String> pipelineFlags() {
    return split(StackSettings.setting("pipeline-jvm-flags", "-XX:+UseSerialGC -XX:CICompilerCount=2 " + NO_PERF_DATA));
  }

  private static List<String> split(String flags) {
    return List.of(flags.trim().split("\\s+"));
  }

  private Jvm() {
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** java, the stack's flags for a service, then the process's own arguments. */
  public static List<String> command(String... arguments) {
    return command(flags(), arguments);
  }

  /** java, the flags for the Kafka broker and the CDC, then the process's own arguments. */
  public static List<String> pipelineCommand(String... arguments) {
    return command(pipelineFlags(), arguments);
  }

  private static List<String> command(List<String> flags, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(flags);
    command.addAll(List.of(arguments));
    return command;
  }

  /** This module's runtime class path, written by the build (maven-dependency-plugin build-classpath). */
  static String stackClassPath(StackSettings settings) {
    Path file = settings.repository().resolve("local-stack/target/stack-classpath.txt");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new StackException("Missing " + file + ": build first with ./mvnw -q install -DskipTests", e);
    }
  }
}
