package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.birnn.layers.Bidirectional;
import org.birnn.layers.GRU;
import org.birnn.layers.LSTM;
import org.birnn.layers.RecurrentGradients;
import org.birnn.layers.RecurrentLayer;
import org.birnn.layers.RecurrentOutput;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of the bidirectional layers against a peer measured in the same run: the ND4J GEMMs
 * alone at the shapes the layer needs (the input projection and the per-step recurrent products of
 * both directions), which bounds any ND4J-based design. Candidates run interleaved, each repetition
 * timing every candidate once; medians and min/max are reported.
 *
 * <p>Arguments: {@code --workloads W1,W2,W3,W4} (default all), {@code --warmup N} (default 2),
 * {@code --reps N} (default 5). libtorch (DJL) and DL4J peers are not wired in yet (issue 7).
 */
public final class RecurrentBenchmark {
  private RecurrentBenchmark() {}

  /** Runs the table. */
  public static void main(String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "5"));
    System.out.printf(
        "birnn-spark recurrent benchmark, %s, %d cores, ND4J %s, float32%n",
        java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(), "1.0.0-M2.1");
    System.out.printf(
        "%-4s %-10s %-22s %12s %10s %10s %10s%n",
        "W", "mode", "candidate", "seq/s (med)", "min", "max", "GFLOP/s");
    for (String w : a.getOrDefault("workloads", "W1,W2,W3,W4").split(",")) {
      for (String mode : new String[] {"inference", "training"}) {
        run(Workload.byName(w.trim()), mode.equals("training"), warmup, reps);
      }
    }
  }

  private static RecurrentLayer cell(Workload w) {
    return w.cell().equals("gru")
        ? GRU.builder().units(w.units()).build()
        : LSTM.builder().units(w.units()).build();
  }

  static Map<String, Stats> run(Workload w, boolean training, int warmup, int reps) {
    Random r = new Random(1);
    INDArray x = Nd4j.rand(DataType.FLOAT, w.batch(), w.time(), w.input()).subi(0.5);
    INDArray mask = null;
    if (w.variableLengths()) {
      mask = Nd4j.zeros(DataType.FLOAT, w.batch(), w.time());
      for (int b = 0; b < w.batch(); b++) {
        int len = 5 + r.nextInt(w.time() - 4);
        mask.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, len))
            .assign(1);
      }
    }
    Bidirectional bi = Bidirectional.of(cell(w));
    bi.build(x.shape());
    INDArray finalMask = mask;
    List<String> names = List.of("birnn Bidirectional", "ND4J gemm bound");
    List<Runnable> candidates = new ArrayList<>();
    candidates.add(
        () -> {
          RecurrentOutput out = bi.call(x, finalMask, null, training);
          if (training) {
            RecurrentGradients g = out.backward(Nd4j.onesLike(out.output()));
            List<INDArray> weights = bi.weightArrays();
            for (int i = 0; i < weights.size(); i++) {
              weights
                  .get(i)
                  .subi(g.weights().get(i).mul(1e-6)); // plain SGD: the update is in the step
            }
          }
        });
    candidates.add(gemmBound(w, training));
    double[][] times = new double[candidates.size()][reps];
    for (int i = 0; i < warmup; i++) {
      candidates.forEach(Runnable::run);
    }
    for (int rep = 0; rep < reps; rep++) {
      for (int c = 0; c < candidates.size(); c++) {
        long t0 = System.nanoTime();
        candidates.get(c).run();
        times[c][rep] = (System.nanoTime() - t0) / 1e9;
      }
    }
    Map<String, Stats> result = new LinkedHashMap<>();
    double flops = w.forwardFlops() * (training ? 3 : 1);
    for (int c = 0; c < candidates.size(); c++) {
      Stats s = Stats.of(times[c]);
      result.put(names.get(c), s);
      System.out.printf(
          "%-4s %-10s %-22s %12.1f %10.1f %10.1f %10.1f%n",
          w.name(),
          training ? "training" : "inference",
          names.get(c),
          w.batch() / s.median(),
          w.batch() / s.max(),
          w.batch() / s.min(),
          flops / s.median() / 1e9);
    }
    double ratio = result.get(names.get(1)).median() / result.get(names.get(0)).median();
    System.out.printf(
        "%-4s %-10s %-22s %12.3fx%n",
        w.name(), training ? "training" : "inference", "ratio to gemm bound", ratio);
    return result;
  }

  /**
   * Only the matrix products a two-direction layer needs, into preallocated buffers: one input
   * projection and {@code time} recurrent products per direction (three times for training).
   */
  private static Runnable gemmBound(Workload w, boolean training) {
    int gu = w.gates() * w.units();
    INDArray xs = Nd4j.rand(DataType.FLOAT, (long) w.batch() * w.time(), w.input());
    INDArray k = Nd4j.rand(DataType.FLOAT, w.input(), gu);
    INDArray proj = Nd4j.create(DataType.FLOAT, (long) w.batch() * w.time(), gu);
    INDArray h = Nd4j.rand(DataType.FLOAT, w.batch(), w.units());
    INDArray rk = Nd4j.rand(DataType.FLOAT, w.units(), gu);
    INDArray step = Nd4j.create(DataType.FLOAT, w.batch(), gu);
    int passes = training ? 3 : 1;
    return () -> {
      for (int p = 0; p < passes * 2; p++) {
        Nd4j.gemm(xs, k, proj, false, false, 1.0, 0.0);
        for (int t = 0; t < w.time(); t++) {
          Nd4j.gemm(h, rk, step, false, false, 1.0, 0.0);
        }
      }
    };
  }
}
