package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.rnn.Kernels;
import org.birnn.layers.rnn.kernels.SequenceKernel;

/**
 * Throughput of our bidirectional layer against peers measured in the same run: libtorch through
 * DJL, DL4J's {@code Bidirectional(LSTM)}, and the bare ND4J GEMMs the layer needs (a bound for any
 * ND4J design). Candidates run interleaved, each repetition timing every candidate once; the table
 * shows medians, min/max, GFLOP/s (the FLOP model) and, per peer, the median of the paired
 * ratios {@code peer time / our time} (above 1: we are faster).
 *
 * <p>Arguments: {@code --workloads W1,W2,W3,W4}, {@code --warmup N} (2), {@code --reps N} (7),
 * {@code --peers torch,dl4j,gemm,reference} (default torch,dl4j,gemm; {@code reference} adds our
 * reference kernel), {@code --contention THREADS} (also time THREADS concurrent scoring threads,
 * ours against libtorch), {@code --memory-steps N} (also train W1 N steps and report memory),
 * {@code --birnn-isa all|avx2|avx512_core|...} (the most advanced instruction set our oneDNN may
 * use, overriding {@code DNNL_MAX_CPU_ISA} for ours only; see {@link OneDnnIsa}).
 */
public final class RecurrentBenchmark {
  private RecurrentBenchmark() {}

  /** Runs the table. */
  public static void main(String[] args) {
    Map<String, String> a = Stats.args(args);
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "7"));
    if (a.containsKey("birnn-isa")) {
      OneDnnIsa.limitOurs(a.get("birnn-isa"));
    }
    List<String> peers = List.of(a.getOrDefault("peers", "torch,dl4j,gemm").split(","));
    String torchProblem = peers.contains("torch") ? TorchPeer.unavailable() : "not requested";
    System.out.printf(
        "birnn-spark recurrent benchmark, %s, %d cores, %s, float32, our kernel: %s%n",
        java.time.LocalDate.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        Kernels.oneDnnAvailable() ? "oneDNN" : "reference");
    System.out.println(OneDnnIsa.describe());
    if (torchProblem == null) {
      PeerCheck.verify();
    } else {
      System.out.println("libtorch peer skipped: " + torchProblem);
    }
    System.out.printf(
        "%-4s %-10s %-22s %12s %10s %10s %10s %10s%n",
        "W", "mode", "candidate", "seq/s (med)", "min", "max", "GFLOP/s", "us/peer");
    List<String> workloads = List.of(a.getOrDefault("workloads", "W1,W2,W3,W4").split(","));
    for (String name : workloads) {
      Workload w = Workload.byName(name.trim());
      for (boolean training : new boolean[] {false, true}) {
        run(w, training, warmup, reps, peers, torchProblem == null);
      }
    }
    if (a.containsKey("contention")) {
      int threads = Integer.parseInt(a.get("contention"));
      for (String name : workloads) {
        Contention.run(Workload.byName(name.trim()), threads, reps, torchProblem == null);
      }
    }
    if (a.containsKey("memory-steps")) {
      MemoryRun.run(Workload.W1, Integer.parseInt(a.get("memory-steps")));
    }
  }

  static Map<String, Stats> run(
      Workload w, boolean training, int warmup, int reps, List<String> peers, boolean torch) {
    Inputs in = Inputs.of(w, 1);
    SequenceKernel kernel = Kernels.defaultKernel();
    BirnnCandidate ours = new BirnnCandidate("birnn Bidirectional", w, in, training, kernel);
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(ours);
    if (peers.contains("reference")) {
      candidates.add(
          new BirnnCandidate("birnn reference kernel", w, in, training, Kernels.reference()));
    }
    if (peers.contains("torch") && torch) {
      candidates.add(new TorchPeer(w, in, training, ours.weights()));
    }
    if (peers.contains("dl4j") && Dl4jPeer.supports(w)) {
      candidates.add(new Dl4jPeer(w, in, training));
    }
    if (peers.contains("gemm")) {
      candidates.add(new GemmBound(w, training));
    }
    double[][] times = new double[candidates.size()][reps];
    for (int i = 0; i < warmup; i++) {
      candidates.forEach(Candidate::run);
    }
    for (int rep = 0; rep < reps; rep++) {
      for (int c = 0; c < candidates.size(); c++) {
        long t0 = System.nanoTime();
        candidates.get(c).run();
        times[c][rep] = (System.nanoTime() - t0) / 1e9;
      }
    }
    candidates.forEach(Candidate::close);
    Map<String, Stats> result = new LinkedHashMap<>();
    double flops = w.forwardFlops() * (training ? 3 : 1);
    String mode = training ? "training" : "inference";
    for (int c = 0; c < candidates.size(); c++) {
      Stats s = Stats.of(times[c]);
      result.put(candidates.get(c).name(), s);
      String ratio = c > 0 ? Stats.pairedRatio(times[c], times[0]) : "";
      System.out.printf(
          "%-4s %-10s %-22s %12.1f %10.1f %10.1f %10.1f %10s%n",
          w.name(),
          mode,
          candidates.get(c).name(),
          w.batch() / s.median(),
          w.batch() / s.max(),
          w.batch() / s.min(),
          flops / s.median() / 1e9,
          ratio);
    }
    return result;
  }
}
