package io.capa.benchmarks.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;

/** INTERNAL API: the facts about the machine and JVM that a figure is meaningless without. */
public final class Machine {
  private Machine() {}

  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** One line: cores, load, JVM, heap and the common pool's parallelism. */
  public static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        "cpus=%d load=%s java=%s (%s) maxHeap=%dMiB commonPool.parallelism=%d",
        rt.availableProcessors(),
        loadAverage(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        rt.maxMemory() >> 20,
        ForkJoinPool.getCommonPoolParallelism());
  }

  public static void printHeader(String benchmark) {
    System.out.println("# " + benchmark);
    System.out.println("# " + describe());
    System.out.flush();
  }
}
