package org.birnn.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.birnn.layers.rnn.Kernels;

/**
 * One candidate library in its own JVM, driven by {@link PeerProcess} over stdin/stdout, so no
 * library's native threads, allocator or thread-pool settings touch another's. Commands, one per
 * line; every answer is one line starting with {@code @@ } (anything else on stdout is logging):
 *
 * <ul>
 *   <li>{@code setup KIND WORKLOAD TRAINING}: builds the candidate ({@code birnn}, {@code
 *       reference}, {@code torch}, {@code dl4j} or {@code gemm} on a {@link Workload}; {@code
 *       net-birnn} or {@code net-torch} on a {@link NetworkWorkload}) on the workload's data (the
 *       same seed in every JVM), and answers {@code ready ERROR}: the largest difference of its
 *       output from the float64 reference over the first 8 rows at the timed shape ({@code NaN} for
 *       the GEMM bound; {@link SelfChecked} for networks), or {@code unavailable REASON};
 *   <li>{@code rep N}: runs N batches and answers {@code SECONDS OTHERS_SHARE};
 *   <li>{@code threads T N}: T copies (own weights and batch each) run N batches at once, answers
 *       as {@code rep};
 *   <li>{@code quit}.
 * </ul>
 */
public final class CandidateServer {
  private static final int CHECKED_ROWS = 8;

  private CandidateServer() {}

  /** Serves commands until {@code quit} or end of input. */
  public static void main(String[] args) throws Exception {
    // Answers go to the real stdout; libraries' chatter on System.out goes to stderr.
    PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Candidate current = null;
    List<Candidate> copies = new ArrayList<>();
    String kind = null;
    Workload workload = null;
    boolean training = false;
    for (String line; (line = in.readLine()) != null; ) {
      String[] cmd = line.trim().split(" ");
      try {
        switch (cmd[0]) {
          case "setup" -> {
            closeAll(current, copies);
            current = null;
            kind = cmd[1];
            training = Boolean.parseBoolean(cmd[3]);
            String problem = kind.endsWith("torch") ? TorchPeer.unavailable() : null;
            if (problem != null) {
              answers.println("@@ unavailable " + problem.replace('\n', ' '));
            } else if (kind.startsWith("net-")) {
              current = network(kind, NetworkWorkload.parse(cmd[2]), training);
              double error = ((SelfChecked) current).checkError();
              answers.printf(Locale.ROOT, "@@ ready %.3e%n", error);
            } else {
              workload = Workload.byName(cmd[2]);
              Inputs batch = Inputs.of(workload, 1);
              current = make(kind, workload, batch, training);
              answers.printf(Locale.ROOT, "@@ ready %.3e%n", check(current, workload, batch));
            }
          }
          case "rep" -> {
            Candidate c = current;
            int n = Integer.parseInt(cmd[1]);
            answers.println("@@ " + timed(() -> repeat(c, n)));
          }
          case "threads" -> {
            int threads = Integer.parseInt(cmd[1]);
            int n = Integer.parseInt(cmd[2]);
            while (copies.size() < threads) {
              copies.add(make(kind, workload, Inputs.of(workload, 10 + copies.size()), training));
            }
            answers.println("@@ " + timed(() -> concurrently(copies.subList(0, threads), n)));
          }
          case "quit" -> {
            closeAll(current, copies);
            return;
          }
          default -> throw new IllegalArgumentException("unknown command '" + line + "'");
        }
      } catch (Exception | Error e) {
        answers.println("@@ error " + String.valueOf(e).replace('\n', ' '));
      }
    }
  }

  static Candidate make(String kind, Workload w, Inputs in, boolean training) {
    return switch (kind) {
      case "birnn" ->
          new BirnnCandidate("birnn Bidirectional", w, in, training, Kernels.defaultKernel());
      case "reference" ->
          new BirnnCandidate("birnn reference kernel", w, in, training, Kernels.reference());
      case "torch" -> new TorchPeer(w, in, training, kerasWeights(w, in));
      case "dl4j" -> new Dl4jPeer(w, in, training, kerasWeights(w, in));
      case "gemm" -> new GemmBound(w, training);
      default ->
          throw new IllegalArgumentException(
              "Unknown candidate '" + kind + "'; expected birnn, reference, torch, dl4j or gemm");
    };
  }

  /** A stage's network ({@code net-birnn} or {@code net-torch}) on the workload's batches. */
  static Candidate network(String kind, NetworkWorkload w, boolean training) {
    List<TextBatch> data = TextBatch.of(w, w.dataBatches(), 42, false);
    return switch (kind) {
      case "net-birnn" -> new BirnnNetwork(w, data, training);
      case "net-torch" -> {
        // Our network only for its seeded initial weights: on the reference kernel, so this JVM
        // never loads our oneDNN.
        System.setProperty("birnn.kernel", "reference");
        List<org.nd4j.linalg.api.ndarray.INDArray> start = BirnnNetwork.network(w).getWeights();
        float lr =
            (float)
                new org.birnn.pipelines.classification.BidirectionalRNNClassifier().getStepSize();
        yield new TorchNetwork(w, data, training, start, lr);
      }
      default ->
          throw new IllegalArgumentException(
              "Unknown network candidate '" + kind + "'; expected net-birnn or net-torch");
    };
  }

  /**
   * Our layer's initial weights for the workload (seeded, the same in every JVM), built on the
   * reference kernel so a peer's JVM never loads our oneDNN.
   */
  private static java.util.List<org.nd4j.linalg.api.ndarray.INDArray> kerasWeights(
      Workload w, Inputs in) {
    return new BirnnCandidate("weights", w, in, false, Kernels.reference()).weights();
  }

  /** The candidate's largest difference from the float64 reference (same seed: same weights). */
  private static double check(Candidate c, Workload w, Inputs in) {
    float[] got = c.output();
    if (got == null) {
      return Double.NaN;
    }
    Float64Reference ref = new Float64Reference(w.cell(), w.units(), kerasWeights(w, in));
    return ref.maxError(in.x(), in.lengths(), CHECKED_ROWS, got);
  }

  private static String timed(Runnable work) {
    Quietness q = Quietness.now();
    long t0 = System.nanoTime();
    work.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return String.format(Locale.ROOT, "%.6f %.4f", seconds, Quietness.othersShare(q));
  }

  private static void repeat(Candidate c, int n) {
    for (int i = 0; i < n; i++) {
      c.run();
    }
  }

  private static void concurrently(List<Candidate> copies, int n) {
    ExecutorService pool = Executors.newFixedThreadPool(copies.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Candidate c : copies) {
        running.add(pool.submit(() -> repeat(c, n)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("concurrent run failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void closeAll(Candidate current, List<Candidate> copies) {
    if (current != null) {
      current.close();
    }
    copies.forEach(Candidate::close);
    copies.clear();
  }
}
