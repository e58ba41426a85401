package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Throughput of our bidirectional layer against peers, each library in its own JVM at its own
 * defaults ({@link PeerProcess}): libtorch through DJL (as deployed, and with glibc's trimming of
 * freed memory off, as jemalloc or tcmalloc deployments run it), DL4J's {@code Bidirectional(LSTM)}
 * and the bare ND4J GEMMs the layer needs (a bound for any ND4J design). Every candidate's output
 * at the timed shape is checked against {@link Float64Reference} in every run, and a candidate
 * whose output is wrong is reported as such. Repetitions interleave the candidates (the order
 * rotates each repetition); each records other processes' CPU share. The table shows medians,
 * min/max, GFLOP/s (the FLOP model) and per peer the median and range of the paired ratios
 * {@code peer time / our time} (above 1: we are faster).
 *
 * <p>Arguments: {@code --workloads W1,W2,W3,W4}, {@code --warmup N} (2), {@code --reps N} (7),
 * {@code --batches N} per repetition (3), {@code --peers torch,torch-notrim,dl4j,gemm,reference}
 * (default all but {@code reference}), {@code --isa default|avx2} ({@code avx2} caps every
 * candidate: oneDNN's {@code DNNL_MAX_CPU_ISA}/{@code ONEDNN_MAX_CPU_ISA} and libtorch's {@code
 * ATEN_CPU_CAPABILITY}), {@code --contention THREADS} (also THREADS concurrent scoring copies per
 * candidate), {@code --memory-steps N} (also train W1 N steps in this JVM and report memory).
 */
public final class RecurrentBenchmark {
  /** Larger than this from the float64 reference, a candidate's rows are marked wrong. */
  static final double TOLERANCE = 1e-3;

  private static final long SETTLE_MILLIS = 300;

  private RecurrentBenchmark() {}

  /** One row: a candidate's timings on a workload and mode. */
  record Row(String label, Stats seconds, double checkError, String ratio, double othersMax) {}

  /** Runs the table. */
  public static void main(String[] args) {
    Map<String, String> a = Stats.args(args);
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "7"));
    int batches = Integer.parseInt(a.getOrDefault("batches", "3"));
    String isa = a.getOrDefault("isa", "default");
    List<String> peers =
        List.of(a.getOrDefault("peers", "torch,torch-notrim,dl4j,gemm").split(","));
    System.out.println(MachineInfo.header("recurrent benchmark", args));
    System.out.println(
        "each candidate in its own JVM; instruction sets: "
            + (isa.equals("avx2") ? "every candidate capped to AVX2" : "each library's default"));
    List<PeerProcess> procs = start(peers, isa);
    try {
      List<Workload> workloads = new ArrayList<>();
      for (String name : a.getOrDefault("workloads", "W1,W2,W3,W4").split(",")) {
        workloads.add(Workload.byName(name.trim()));
      }
      List<String> markdown = new ArrayList<>();
      for (Workload w : workloads) {
        for (boolean training : new boolean[] {false, true}) {
          String mode = training ? "training" : "inference";
          List<Row> rows = run(w, training, warmup, reps, batches, procs);
          double seqs = (double) w.batch() * batches;
          print(w.name(), mode, rows, seqs, w.forwardFlops() * (training ? 3 : 1) * batches);
          markdown.add(markdownRow(w.name(), mode, rows, seqs, procs));
        }
      }
      if (a.containsKey("contention")) {
        int threads = Integer.parseInt(a.get("contention"));
        for (Workload w : workloads) {
          List<Row> rows = contention(w, threads, reps, batches, procs);
          double seqs = (double) w.batch() * batches * threads;
          print(w.name(), threads + " threads", rows, seqs, Double.NaN);
          markdown.add(markdownRow(w.name(), threads + " threads", rows, seqs, procs));
        }
      }
      System.out.println();
      System.out.println(markdownHeader(procs));
      markdown.forEach(System.out::println);
    } finally {
      procs.forEach(PeerProcess::close);
    }
    if (a.containsKey("memory-steps")) {
      MemoryRun.run(Workload.W1, Integer.parseInt(a.get("memory-steps")));
    }
  }

  /** Our layer's JVM first, then one JVM per requested peer. */
  static List<PeerProcess> start(List<String> peers, String isa) {
    Map<String, String> cap = new LinkedHashMap<>();
    if (isa.equals("avx2")) {
      cap.put("DNNL_MAX_CPU_ISA", "AVX2");
      cap.put("ONEDNN_MAX_CPU_ISA", "AVX2");
      cap.put("ATEN_CPU_CAPABILITY", "avx2");
    } else if (!isa.equals("default")) {
      throw new IllegalArgumentException("--isa must be default or avx2; received '" + isa + "'");
    }
    for (String p : peers) {
      if (!List.of("torch", "torch-notrim", "dl4j", "gemm", "reference").contains(p)) {
        throw new IllegalArgumentException(
            "--peers takes torch, torch-notrim, dl4j, gemm, reference; received '" + p + "'");
      }
    }
    List<PeerProcess> procs = new ArrayList<>();
    procs.add(new PeerProcess("birnn", cap));
    for (String p : peers) {
      Map<String, String> env = new LinkedHashMap<>(cap);
      if (p.equals("torch-notrim")) {
        // glibc keeping freed memory instead of trimming it back to the OS, as jemalloc or
        // tcmalloc deployments behave; libtorch's speed depends on it.
        env.put("MALLOC_MMAP_THRESHOLD_", "1073741824");
        env.put("MALLOC_TRIM_THRESHOLD_", "4294967296");
      }
      procs.add(new PeerProcess(p, env));
    }
    return procs;
  }

  private static String kind(PeerProcess p) {
    return p.label().equals("torch-notrim") ? "torch" : p.label();
  }

  /**
   * Times every candidate that can run the workload: {@code warmup} then {@code reps} interleaved
   * repetitions of {@code batches} batches. The first process is ours; ratios are against it.
   */
  static List<Row> run(
      Workload w, boolean training, int warmup, int reps, int batches, List<PeerProcess> procs) {
    return measure(
        procs,
        p ->
            kind(p).equals("dl4j") && !Dl4jPeer.supports(w)
                ? null
                : "setup " + kind(p) + " " + w.spec() + " " + training,
        warmup,
        reps,
        "rep " + batches);
  }

  /** {@code threads} concurrent scoring copies per candidate, the way Spark tasks share cores. */
  static List<Row> contention(
      Workload w, int threads, int reps, int batches, List<PeerProcess> procs) {
    return measure(
        procs,
        p ->
            kind(p).equals("gemm") || kind(p).equals("dl4j")
                ? null
                : "setup " + kind(p) + " " + w.spec() + " false",
        1,
        reps,
        "threads " + threads + " " + batches);
  }

  /**
   * Sets every process up with its {@code setup} command ({@code null}: it sits this one out; one
   * that answers {@code unavailable} is reported and left out), then times the others: warm-up,
   * then interleaved repetitions of {@code command}. Rows in {@code procs}' order.
   */
  static List<Row> measure(
      List<PeerProcess> procs,
      Function<PeerProcess, String> setup,
      int warmup,
      int reps,
      String command) {
    List<PeerProcess> active = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    for (PeerProcess p : procs) {
      String cmd = setup.apply(p);
      if (cmd == null) {
        continue;
      }
      String answer = p.ask(cmd);
      if (answer.startsWith("unavailable")) {
        System.out.println(p.label() + " skipped: " + answer);
        continue;
      }
      active.add(p);
      errors.add(Double.parseDouble(answer.substring("ready ".length())));
    }
    return time(active, errors, warmup, reps, command);
  }

  private static List<Row> time(
      List<PeerProcess> active, List<Double> errors, int warmup, int reps, String command) {
    int n = active.size();
    double[][] seconds = new double[n][reps];
    double[][] others = new double[n][reps];
    for (int i = 0; i < warmup; i++) {
      active.forEach(p -> p.time(command));
    }
    for (int rep = 0; rep < reps; rep++) {
      for (int k = 0; k < n; k++) {
        int c = (rep + k) % n; // rotated, so no candidate always runs right after another
        settle();
        double[] t = active.get(c).time(command);
        seconds[c][rep] = t[0];
        others[c][rep] = t[1];
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      double worst = 0;
      for (double o : others[c]) {
        worst = Double.isNaN(o) ? worst : Math.max(worst, o);
      }
      rows.add(
          new Row(
              active.get(c).label(),
              Stats.of(seconds[c]),
              errors.get(c),
              c == 0 ? "" : Stats.pairedRatio(seconds[c], seconds[0]),
              worst));
    }
    return rows;
  }

  /** {@code seqs} and {@code flops}: per repetition. */
  /**
   * A pause before each timed repetition, so the JVM timed before it (its JIT, its collector, its
   * native threads spinning down) is idle again; what still runs shows in the others' share.
   */
  private static void settle() {
    try {
      Thread.sleep(SETTLE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void print(String w, String mode, List<Row> rows, double seqs, double flops) {
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-4s %-10s %-14s %9.1f seq/s (%.1f-%.1f) %7.1f GFLOP/s  check %-12s %-22s"
              + " others' CPU max %.1f%%%n",
          w,
          mode,
          r.label(),
          seqs / r.seconds().median(),
          seqs / r.seconds().max(),
          seqs / r.seconds().min(),
          flops / r.seconds().median() / 1e9,
          checkText(r.checkError()),
          r.ratio(),
          100 * r.othersMax());
    }
  }

  static String checkText(double error) {
    if (Double.isNaN(error)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, error > TOLERANCE ? "WRONG %.1e" : "%.1e", error);
  }

  static String markdownHeader(List<PeerProcess> procs) {
    StringBuilder h = new StringBuilder("| workload | mode | birnn seq/s");
    StringBuilder sep = new StringBuilder("|---|---|---");
    for (PeerProcess p : procs.subList(1, procs.size())) {
      h.append(" | ").append(p.label()).append(" seq/s (ratio)");
      sep.append("|---");
    }
    return h.append(" | max error vs float64 |\n").append(sep).append("|---|").toString();
  }

  static String markdownRow(
      String w, String mode, List<Row> rows, double seqs, List<PeerProcess> procs) {
    StringBuilder s = new StringBuilder("| " + w + " | " + mode);
    StringBuilder errs = new StringBuilder();
    for (PeerProcess p : procs) {
      Row r = rows.stream().filter(x -> x.label().equals(p.label())).findFirst().orElse(null);
      if (r == null) {
        s.append(" | n/a");
        continue;
      }
      s.append(String.format(Locale.ROOT, " | %.0f", seqs / r.seconds().median()));
      if (!r.ratio().isEmpty()) {
        s.append(" (").append(r.ratio()).append(')');
      }
      if (!Double.isNaN(r.checkError())) {
        errs.append(errs.length() > 0 ? ", " : "")
            .append(r.label())
            .append(' ')
            .append(checkText(r.checkError()));
      }
    }
    return s.append(" | ").append(errs).append(" |").toString();
  }
}
