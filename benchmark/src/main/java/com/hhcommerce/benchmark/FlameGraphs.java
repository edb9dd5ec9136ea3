package com.hhcommerce.benchmark;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * --profile: CPU flame graphs of the JVMs every saga passes through, over a saga step's measured window, written as
 * {@code <process>-<rate>-per-s.html} (open one in a browser). async-profiler, from its Maven Central jar on this class
 * path, is loaded into each running JVM through the attach API; its 5 ms samples cost the profiled processes some CPU,
 * so a profiled run's figures are not the ones to compare.
 */
final class FlameGraphs implements OpenLoopLoad.MeasuredWindow {

  static final List<String> PROFILED = List.of(Service.ORDER.serviceName(), Service.INVENTORY.serviceName(), LocalStack.CDC, "kafka");

  private static Path library;

  private final LocalStack stack;
  private final Path directory;
  private final String suffix;

  FlameGraphs(LocalStack stack, Path directory, double rate) {
    this.stack = stack;
    this.directory = directory.toAbsolutePath(); // the profiled JVM writes the file, from its own working directory
    this.suffix = String.format(Locale.ROOT, "-%.0f-per-s.html", rate);
  }

  @Override
  public void opened() {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create " + directory, e);
    }
    PROFILED.forEach(name -> load(stack.process(name), "start,event=itimer,interval=5ms"));
  }

  @Override
  public void closed() {
    PROFILED.forEach(name -> load(stack.process(name), "stop,file=" + directory.resolve(name + suffix)));
  }

  /**
   * The attach API, not {@code jcmd <pid> JVMTI.agent_load}: jcmd splits the option string at '=' and the agent then
   * answers "event must not be empty".
   */
  private void load(ManagedProcess process, String options) {
    try {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
      try {
        vm.loadAgentPath(library().toString(), options);
      } finally {
        vm.detach();
      }
    } catch (Exception e) {
      throw new IllegalStateException("async-profiler (" + options + ") in " + process.name() + ": " + e.getMessage(), e);
    }
  }

  /** async-profiler's native library for this machine, taken out of its jar into a temporary file once. */
  private static synchronized Path library() throws IOException {
    if (library == null) {
      String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
      try (InputStream in = FlameGraphs.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so")) {
        if (in == null) {
          throw new IOException("no " + platform + "/libasyncProfiler.so on the class path (tools.profiler:async-profiler)");
        }
        Path file = Files.createTempFile("libasyncProfiler", ".so");
        file.toFile().deleteOnExit();
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        library = file;
      }
    }
    return library;
  }
}
