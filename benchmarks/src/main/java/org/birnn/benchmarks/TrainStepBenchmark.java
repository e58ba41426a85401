package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W5-W7: the stages' own networks on text-shaped data ({@link NetworkWorkload}), ours ({@code
 * Model.trainOnBatch} and {@code predict} on the network the stage's fit builds) against libtorch
 * doing the same network ({@link TorchNetwork}), each in its own JVM at its defaults, libtorch also
 * with glibc's trimming off. Every candidate's scoring is checked against the float64 network at
 * the timed shapes, and libtorch's training against ours over four Adam steps, in every run.
 *
 * <pre>
 * mvn -B -q -f benchmarks exec:exec -Dbench.main=TrainStepBenchmark \
 *     -Dbench.args="--workloads W5,W6,W7 --batch 32 --min-length 5 --max-length 60 --reps 7"
 * </pre>
 *
 * <p>Arguments: {@code --workloads} (W5), {@code --batch} (32), {@code --min-length} (5), {@code
 * --max-length} (60), {@code --vocab} (20000), {@code --batches} per training repetition (20; five
 * times as many per scoring one), {@code --reps} (7), {@code --warmup} repetitions (40 for every
 * candidate: run alone, this library's W5 training step takes about 11 ms a step over its first 300
 * steps and under 5 ms after 600, while the JIT compiles it; with 10 warm-up repetitions, 200
 * steps, a run measured part of that and put W5 training at 0.78x against 1.27x run alone), {@code
 * --peers torch,torch-notrim}.
 */
public final class TrainStepBenchmark {
  private static final int SCORING_FACTOR = 5;

  private TrainStepBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> a = Stats.args(args);
    int batch = Integer.parseInt(a.getOrDefault("batch", "32"));
    int minLength = Integer.parseInt(a.getOrDefault("min-length", "5"));
    int maxLength = Integer.parseInt(a.getOrDefault("max-length", "60"));
    int vocab = Integer.parseInt(a.getOrDefault("vocab", "20000"));
    int batches = Integer.parseInt(a.getOrDefault("batches", "20"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "7"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "40"));
    List<String> peers = List.of(a.getOrDefault("peers", "torch,torch-notrim").split(","));
    System.out.println(MachineInfo.header("stage network benchmark", args));
    System.out.println("each candidate in its own JVM, each library at its defaults");
    List<PeerProcess> procs = RecurrentBenchmark.start(peers, "default");
    List<String> markdown = new ArrayList<>();
    try {
      for (String name : a.getOrDefault("workloads", "W5").split(",")) {
        NetworkWorkload w =
            NetworkWorkload.of(name.trim(), batch, minLength, maxLength, vocab, batches);
        for (boolean training : new boolean[] {true, false}) {
          String mode = training ? "training" : "scoring";
          // A scoring batch takes a few milliseconds: more of them per repetition, so a
          // repetition lasts about as long as a training one and timer noise stays small.
          int perRep = training ? batches : SCORING_FACTOR * batches;
          List<RecurrentBenchmark.Row> rows =
              RecurrentBenchmark.measure(
                  procs,
                  p ->
                      "setup "
                          + (p.label().startsWith("torch") ? "net-torch" : "net-birnn")
                          + " "
                          + w.spec()
                          + " "
                          + training,
                  warmup,
                  reps,
                  "rep " + perRep);
          double seqs = (double) batch * perRep;
          RecurrentBenchmark.print(w.label(), mode, rows, seqs, Double.NaN);
          markdown.add(RecurrentBenchmark.markdownRow(w.label(), mode, rows, seqs, procs));
        }
      }
    } finally {
      procs.forEach(PeerProcess::close);
    }
    System.out.println();
    System.out.println(RecurrentBenchmark.markdownHeader(procs));
    markdown.forEach(System.out::println);
  }
}
