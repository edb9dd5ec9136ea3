package com.hhcommerce.benchmark;

import com.hhcommerce.stack.ManagedProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CPU time of each process of the stack from /proc (user + system), to turn into a share of one core. */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcessCpu() {
  }

  static Map<String, Double> cpuSeconds(List<ManagedProcess> processes) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (ManagedProcess process : processes) {
      seconds.put(process.name(), process.isAlive() ? cpuSeconds(process.pid()) : 0.0);
    }
    return seconds;
  }

  /**
   * CPU time of each JVM's JIT compiler threads (named "C1 CompilerThread…" and "C2 CompilerThread…"): what a window
   * spent compiling, so a figure says whether the JIT had settled. A compiler thread the JVM ends in the window (HotSpot
   * removes the extra ones it started while idle) takes its time with it: the difference is at least the time spent.
   */
  static Map<String, Double> compilerSeconds(List<ManagedProcess> processes) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (ManagedProcess process : processes) {
      double sum = 0;
      try (var threads = process.isAlive() ? Files.list(Path.of("/proc/" + process.pid() + "/task")) : java.util.stream.Stream.<Path>empty()) {
        for (Path thread : threads.toList()) {
          String stat = readStat(thread.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, Math.max(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            sum += cpuSecondsOf(stat);
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process ended: it compiles no more
      }
      seconds.put(process.name(), sum);
    }
    return seconds;
  }

  private static double cpuSeconds(long pid) {
    return cpuSecondsOf(readStat(Path.of("/proc/" + pid + "/stat")));
  }

  private static String readStat(Path stat) {
    try {
      return Files.readString(stat);
    } catch (IOException e) {
      return "";
    }
  }

  private static double cpuSecondsOf(String stat) {
    try {
      // fields after the command name, which is in parentheses and may hold spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (RuntimeException e) {
      return 0.0;
    }
  }

  /** Percent of one core each process used between the two readings. */
  static Map<String, Double> percent(Map<String, Double> before, Map<String, Double> after, double seconds) {
    Map<String, Double> percent = new LinkedHashMap<>();
    after.forEach((name, end) -> percent.put(name, seconds <= 0 ? 0 : 100 * (end - before.getOrDefault(name, 0.0)) / seconds));
    return percent;
  }
}
