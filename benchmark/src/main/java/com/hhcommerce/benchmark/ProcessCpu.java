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

  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
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
