package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.birnn.layers.rnn.Kernels;

/**
 * Scoring the way a Spark executor does: several tasks at once on the same cores, each with its own
 * model copy and batches. Reports the total sequences per second for us and for libtorch,
 * interleaved repetitions of {@code batchesPerThread} batches per thread.
 */
final class Contention {
  private Contention() {}

  static void run(Workload w, int threads, int reps, boolean torch) {
    int batches = 4;
    List<String> names = new ArrayList<>(List.of("birnn Bidirectional"));
    List<Function<Integer, Candidate>> makers = new ArrayList<>();
    makers.add(
        i ->
            new BirnnCandidate(
                "birnn Bidirectional", w, Inputs.of(w, 10 + i), false, Kernels.defaultKernel()));
    if (torch) {
      names.add("libtorch (DJL)");
      makers.add(
          i -> {
            Inputs in = Inputs.of(w, 10 + i);
            BirnnCandidate ours = new BirnnCandidate("x", w, in, false, Kernels.reference());
            return new TorchPeer(w, in, false, ours.weights());
          });
    }
    double[][] seconds = new double[makers.size()][reps];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<List<Candidate>> copies = new ArrayList<>();
      for (Function<Integer, Candidate> make : makers) {
        List<Candidate> perThread = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          perThread.add(make.apply(i));
        }
        copies.add(perThread);
      }
      for (int rep = -1; rep < reps; rep++) { // rep -1 warms up
        for (int c = 0; c < copies.size(); c++) {
          long t0 = System.nanoTime();
          List<Future<?>> running = new ArrayList<>();
          for (Candidate cand : copies.get(c)) {
            running.add(
                pool.submit(
                    () -> {
                      for (int b = 0; b < batches; b++) {
                        cand.run();
                      }
                    }));
          }
          for (Future<?> f : running) {
            f.get();
          }
          if (rep >= 0) {
            seconds[c][rep] = (System.nanoTime() - t0) / 1e9;
          }
        }
      }
      copies.forEach(list -> list.forEach(Candidate::close));
    } catch (Exception e) {
      throw new IllegalStateException("contention run failed", e);
    } finally {
      pool.shutdownNow();
    }
    double total = (double) w.batch() * batches * threads;
    for (int c = 0; c < names.size(); c++) {
      Stats s = Stats.of(seconds[c]);
      String ratio = c > 0 ? Stats.pairedRatio(seconds[c], seconds[0]) : "";
      System.out.printf(
          "%-4s %-10s %-22s %12.1f %10.1f %10.1f %10s %10s%n",
          w.name(),
          threads + " threads",
          names.get(c),
          total / s.median(),
          total / s.max(),
          total / s.min(),
          "",
          ratio);
    }
  }
}
