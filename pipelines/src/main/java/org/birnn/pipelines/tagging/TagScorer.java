package org.birnn.pipelines.tagging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import org.birnn.layers.crf.CRF;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.NativeMemory;
import org.birnn.pipelines.sequence.RowBatch;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.Batch;
import org.birnn.pipelines.training.SequenceExample;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tags the internal rows of one partition in minibatches, keeping their order. Each output row is
 * the input row, passed through untouched, followed by the per-step probabilities ({@code
 * array<vector>}, when asked for), the tags ({@code array<string>} or {@code array<int>}), one per
 * step of the sequence, and the per-step encodings ({@code array<vector>}, when asked for); a CRF
 * network's tags are its Viterbi path and its probabilities the per-step marginals.
 */
final class TagScorer implements Iterator<InternalRow> {
  /** What {@link TagScorer} needs besides the rows and the network; built on the driver. */
  record Settings(
      RowBatch.Source source, String[] tagNames, boolean probabilities, boolean encodings)
      implements java.io.Serializable {}

  private final Iterator<InternalRow> rows;
  private final Model model;
  private final CRF crf;
  private final Settings s;
  private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();

  TagScorer(Iterator<InternalRow> rows, Model model, Settings settings) {
    org.birnn.pipelines.training.TaskThreads.sizeToTask();
    this.rows = rows;
    this.model = model;
    this.crf = model.outputLayer() instanceof CRF c ? c : null;
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
    Object[][] scored = valid.isEmpty() ? new Object[0][] : score(valid);
    int v = 0;
    for (int i = 0; i < chunk.size(); i++) {
      Object[] out = new Object[(s.probabilities() ? 2 : 1) + (s.encodings() ? 1 : 0)];
      if (v < at.size() && at.get(v) == i) {
        out = scored[v];
        v++;
      }
      ready.add(SparkRows.append(chunk.get(i), out));
    }
  }

  /** The output columns of each example: probabilities (when asked for), then tags. */
  private Object[][] score(List<SequenceExample> valid) {
    INDArray x = Batch.features(valid);
    List<INDArray> outputs = model.predict(List.of(x), valid.size());
    INDArray y = outputs.get(0);
    double[] codes = null;
    int width = 0;
    if (s.encodings()) {
      width = Math.toIntExact(outputs.get(1).size(2));
      codes =
          outputs
              .get(1)
              .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
              .dup('c')
              .data()
              .asDouble();
    }
    int time = Math.toIntExact(x.size(1));
    int tags = Math.toIntExact(y.size(2));
    int[][] paths = null;
    double[] probs;
    if (crf != null) {
      INDArray mask = mask(x);
      paths = crf.decode(y, mask);
      probs =
          crf.marginals(y, mask)
              .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
              .dup('c')
              .data()
              .asDouble();
    } else {
      probs = y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    }
    NativeMemory.release(x);
    outputs.forEach(NativeMemory::release);
    Object[][] out = new Object[valid.size()][];
    for (int b = 0; b < valid.size(); b++) {
      int length = valid.get(b).length();
      Object[] tagValues = new Object[length];
      Object[] probValues = s.probabilities() ? new Object[length] : null;
      for (int t = 0; t < length; t++) {
        int base = (b * time + t) * tags;
        int best = paths != null ? paths[b][t] : argmax(probs, base, tags);
        tagValues[t] =
            s.tagNames() != null ? UTF8String.fromString(s.tagNames()[best]) : (Object) best;
        if (probValues != null) {
          probValues[t] = SparkRows.vector(java.util.Arrays.copyOfRange(probs, base, base + tags));
        }
      }
      List<Object> columns = new ArrayList<>(3);
      if (probValues != null) {
        columns.add(new GenericArrayData(probValues));
      }
      columns.add(new GenericArrayData(tagValues));
      if (codes != null) {
        Object[] steps = new Object[length];
        for (int t = 0; t < length; t++) {
          int base = (b * time + t) * width;
          steps[t] = SparkRows.vector(java.util.Arrays.copyOfRange(codes, base, base + width));
        }
        columns.add(new GenericArrayData(steps));
      }
      out[b] = columns.toArray();
    }
    return out;
  }

  /** The steps the network's input layer keeps: non-zero ids, or steps not all zeros. */
  private static INDArray mask(INDArray x) {
    return x.rank() == 2
        ? x.neq(0.0)
        : x.neq(0.0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).max(2).gt(0.0);
  }

  private static int argmax(double[] p, int base, int n) {
    int best = 0;
    for (int c = 1; c < n; c++) {
      if (p[base + c] > p[base + best]) {
        best = c;
      }
    }
    return best;
  }
}
