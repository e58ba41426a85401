package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.birnn.layers.internal.KernelTeam;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.metrics.MetricTotals;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The loops behind {@code fit}, {@code evaluate} and {@code predict}. */
final class Training {
  private Training() {}

  /**
   * Rows {@code idx} of {@code x} (any rank, samples on axis 0) as a dense array. Only the picked
   * rows are copied: copying all of {@code x} for each minibatch made an epoch quadratic in the
   * number of samples. A dense {@code x} asked for all its rows in order is returned as it is;
   * callers only read their batches.
   */
  static INDArray rows(INDArray x, int[] idx) {
    long n = x.size(0);
    boolean contiguous = idx.length > 0 && idx[idx.length - 1] - idx[0] == idx.length - 1;
    for (int i = 1; contiguous && i < idx.length; i++) {
      contiguous = idx[i] == idx[i - 1] + 1;
    }
    if (contiguous && idx.length == n && Tensors.isDense(x)) {
      return x;
    }
    if (contiguous) {
      return x.get(NDArrayIndex.interval(idx[0], idx[0] + idx.length)).dup('c');
    }
    long rest = x.length() / Math.max(n, 1);
    // A view when x is dense; ND4J copies only when the layout requires it.
    INDArray flat = x.reshape('c', n, rest);
    INDArray picked = Nd4j.pullRows(flat, 1, idx);
    long[] shape = x.shape().clone();
    shape[0] = idx.length;
    return picked.reshape('c', shape);
  }

  static List<INDArray> rows(List<INDArray> xs, int[] idx) {
    List<INDArray> out = new ArrayList<>();
    for (INDArray x : xs) {
      out.add(rows(x, idx));
    }
    return out;
  }

  static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static int samples(List<INDArray> xs, INDArray y) {
    long n = xs.get(0).size(0);
    for (INDArray x : xs) {
      if (x.size(0) != n) {
        throw new IllegalArgumentException(
            "All inputs need the same number of samples; received " + n + " and " + x.size(0));
      }
    }
    if (y != null && y.size(0) != n) {
      throw new IllegalArgumentException(
          "Inputs have " + n + " samples but targets have " + y.size(0));
    }
    return Math.toIntExact(n);
  }

  static List<INDArray> predict(Model model, List<INDArray> xs, int batchSize) {
    int n = samples(xs, null);
    List<List<INDArray>> parts = new ArrayList<>();
    for (int from = 0; from < n; from += batchSize) {
      int[] idx = range(from, Math.min(n, from + batchSize));
      GraphPass p;
      try (KernelTeam.Scope team = KernelTeam.batch()) {
        p = model.forward(rows(xs, idx), false);
      }
      for (int o = 0; o < model.outputs().size(); o++) {
        if (parts.size() <= o) {
          parts.add(new ArrayList<>());
        }
        parts.get(o).add(p.output(o));
      }
    }
    List<INDArray> out = new ArrayList<>();
    for (List<INDArray> p : parts) {
      out.add(p.size() == 1 ? p.get(0) : Nd4j.concat(0, p.toArray(new INDArray[0])));
    }
    return out;
  }

  static MetricTotals evaluate(Model model, List<INDArray> xs, INDArray y, int batchSize) {
    int n = samples(xs, y);
    MetricTotals totals = model.newTotals();
    for (int from = 0; from < n; from += batchSize) {
      int[] idx = range(from, Math.min(n, from + batchSize));
      INDArray yb = rows(y, idx);
      try (KernelTeam.Scope team = KernelTeam.batch()) {
        GraphPass p = model.forward(rows(xs, idx), false);
        totals.addLoss(OutputLoss.compute(model, p, yb, null).value(), idx.length);
        totals.addMetrics(yb, p.output(0), p.outputMask(0));
      }
    }
    return totals;
  }

  static History fit(Model model, List<INDArray> xs, INDArray y, FitOptions o) {
    int n = samples(xs, y);
    model.build(rows(xs, range(0, Math.min(n, 1))));
    List<INDArray> trainX = xs;
    INDArray trainY = y;
    List<INDArray> valX = o.validationX;
    INDArray valY = o.validationY;
    if (o.validationSplit > 0) {
      int split = (int) Math.floor(n * (1 - o.validationSplit));
      if (split <= 0 || split >= n) {
        throw new IllegalArgumentException(
            "validation_split "
                + o.validationSplit
                + " leaves no training or no validation samples"
                + " out of "
                + n);
      }
      trainX = rows(xs, range(0, split));
      trainY = rows(y, range(0, split));
      valX = rows(xs, range(split, n));
      valY = rows(y, range(split, n));
      n = split;
    }
    Random rng = o.seed == null ? new Random() : new Random(o.seed);
    History history = new History();
    for (Callback c : o.callbacks) {
      c.onTrainBegin(model);
    }
    for (int epoch = 0; epoch < o.epochs; epoch++) {
      long start = System.nanoTime();
      int[] order = range(0, n);
      if (o.shuffle) {
        for (int i = n - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      // As Keras's fit: the epoch's loss and metrics are running totals over its training
      // batches, each measured on the batch's training forward pass before its update.
      MetricTotals totals = model.newTotals();
      for (int from = 0; from < n; from += o.batchSize) {
        int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + o.batchSize));
        model.trainOnBatch(rows(trainX, idx), rows(trainY, idx), totals);
      }
      Map<String, Double> logs = totals.logs();
      if (valX != null) {
        for (Map.Entry<String, Double> e :
            evaluate(model, valX, valY, o.batchSize).logs().entrySet()) {
          logs.put("val_" + e.getKey(), e.getValue());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      history.add(logs, seconds);
      if (o.progress != null) {
        StringBuilder line =
            new StringBuilder(String.format("Epoch %d/%d - %.1fs", epoch + 1, o.epochs, seconds));
        for (Map.Entry<String, Double> e : logs.entrySet()) {
          line.append(String.format(" - %s: %.4f", e.getKey(), e.getValue()));
        }
        o.progress.println(line);
      }
      boolean stop = false;
      for (Callback c : o.callbacks) {
        stop |= c.onEpochEnd(model, epoch, logs);
      }
      if (stop) {
        break;
      }
    }
    for (Callback c : o.callbacks) {
      c.onTrainEnd(model);
    }
    return history;
  }
}
