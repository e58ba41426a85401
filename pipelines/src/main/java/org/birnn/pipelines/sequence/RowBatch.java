package org.birnn.pipelines.sequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.SequenceExample;

/**
 * One scoring minibatch of a partition's internal rows, read under {@code handleInvalid}: the rows
 * that stay in the output, in order, and the examples of those with a usable sequence. 'error'
 * fails on a row without one, naming the column and value; 'skip' leaves it out; 'keep' passes it
 * through unscored.
 *
 * @param rows the rows of the output, copies (a scan may reuse its row object)
 * @param examples the sequences to score
 * @param positions for each example, its row's index in {@code rows}
 */
public record RowBatch(
    List<InternalRow> rows, List<SequenceExample> examples, List<Integer> positions) {

  /**
   * Where and how the features are read.
   *
   * @param keptAs what a row kept under 'keep' gets, for the error message ("a NaN prediction")
   */
  public record Source(
      int featuresIdx,
      DataType featuresType,
      String featuresCol,
      int maxLength,
      int dim,
      int vocab,
      String handleInvalid,
      int batchSize,
      String keptAs)
      implements Serializable {}

  /** The next minibatch of {@code rows}: at most {@code batchSize} examples. */
  public static RowBatch next(Iterator<InternalRow> rows, Source s) {
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (task != null) {
      task.killTaskIfInterrupted(); // a cancelled job stops between two minibatches
    }
    List<InternalRow> chunk = new ArrayList<>();
    List<SequenceExample> valid = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    boolean error = "error".equals(s.handleInvalid());
    while (rows.hasNext() && valid.size() < s.batchSize()) {
      InternalRow r = SparkRows.copy(rows.next());
      SequenceExample e;
      try {
        e =
            SparkRows.example(
                r,
                s.featuresIdx(),
                s.featuresType(),
                s.maxLength(),
                s.dim(),
                0,
                s.featuresCol(),
                s.vocab(),
                "keep".equals(s.handleInvalid()));
      } catch (SparkRows.InvalidRowException bad) {
        if (error) {
          throw new IllegalArgumentException(
              bad.getMessage()
                  + "; set handleInvalid to 'skip' (drop the row) or 'keep' ("
                  + s.keptAs()
                  + "; unseen token ids become id 1)",
              bad);
        }
        e = null;
      }
      if (e == null) {
        if (error) {
          throw new IllegalArgumentException(
              "Column '"
                  + s.featuresCol()
                  + "' has a null or empty sequence;"
                  + " set handleInvalid to 'skip' or 'keep'");
        }
        if ("skip".equals(s.handleInvalid())) {
          continue;
        }
      } else {
        at.add(chunk.size());
        valid.add(e);
      }
      chunk.add(r);
    }
    return new RowBatch(chunk, valid, at);
  }

  /** Whether there is nothing left to output. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
