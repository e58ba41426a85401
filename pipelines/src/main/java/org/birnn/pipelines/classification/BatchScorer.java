package org.birnn.pipelines.classification;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.NativeMemory;
import org.birnn.pipelines.sequence.RowBatch;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.Batch;
import org.birnn.pipelines.training.SequenceExample;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores the internal rows of one partition in minibatches, keeping their order. Each output row is
 * the input row, passed through untouched, followed by {@code rawPrediction} (log-probabilities),
 * {@code probability} and {@code prediction}; rows are read and joined through {@link SparkRows}.
 */
final class BatchScorer implements Iterator<InternalRow> {
  /** What {@link BatchScorer} needs besides the rows and the network; built on the driver. */
  record Settings(RowBatch.Source source, int numClasses, double[] thresholds, boolean encodings)
      implements java.io.Serializable {}

  private final Iterator<InternalRow> rows;
  private final Model model;
  private final Settings s;
  private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();

  BatchScorer(Iterator<InternalRow> rows, Model model, Settings settings) {
    org.birnn.pipelines.training.TaskThreads.sizeToTask();
    this.rows = rows;
    this.model = model;
    this.s = settings;
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty()) {
      fill();
    }
    return !ready.isEmpty();
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void fill() {
    RowBatch batch = RowBatch.next(rows, s.source());
    List<InternalRow> chunk = batch.rows();
    List<SequenceExample> valid = batch.examples();
    List<Integer> at = batch.positions();
    float[] probs = null;
    float[] codes = null;
    int width = 0;
    if (!valid.isEmpty()) {
      INDArray x = Batch.features(valid);
      List<INDArray> out = model.predict(List.of(x), valid.size());
      probs = Nd4j.toFlattened('c', out.get(0)).toFloatVector();
      if (s.encodings()) {
        width = Math.toIntExact(out.get(1).size(1));
        codes = Nd4j.toFlattened('c', out.get(1)).toFloatVector();
      }
      // Freed now rather than at the next collection: see Tensors.release.
      NativeMemory.release(x);
      out.forEach(NativeMemory::release);
    }
    int v = 0;
    for (int i = 0; i < chunk.size(); i++) {
      Object[] scores = new Object[s.encodings() ? 4 : 3];
      if (v < at.size() && at.get(v) == i) {
        fillScores(probs, v, scores);
        if (codes != null) {
          double[] code = new double[width];
          for (int k = 0; k < width; k++) {
            code[k] = codes[v * width + k];
          }
          scores[3] = SparkRows.vector(code);
        }
        v++;
      } else {
        scores[2] = Double.NaN;
      }
      ready.add(SparkRows.append(chunk.get(i), scores));
    }
  }

  /** Raw prediction, probability and predicted class of row {@code v} of {@code probs}. */
  private void fillScores(float[] probs, int v, Object[] out) {
    int classes = s.numClasses();
    double[] p = new double[classes];
    double[] raw = new double[classes];
    double[] t = s.thresholds();
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      p[c] = probs[v * classes + c];
      raw[c] = Math.log(Math.max(p[c], 1e-30));
      // MLlib's rule: the largest p / threshold wins, a threshold of 0 makes its class win.
      double score = t == null ? p[c] : t[c] == 0 ? Double.POSITIVE_INFINITY : p[c] / t[c];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    out[0] = SparkRows.vector(raw);
    out[1] = SparkRows.vector(p);
    out[2] = (double) best;
  }
}
