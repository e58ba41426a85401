package org.birnn.pipelines.classification;

import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.types.StructType;

/**
 * The limits a fit checks on the driver, each with a message that gives the limit and the param
 * that changes it: the number of classes ({@code maxClasses}; a stray label of 1e6 would build a
 * 64-million-weight output layer), at least two classes, one step width for all rows, and a
 * minibatch that fits in a Java array ({@code batchSize} x longest sequence x step width).
 */
final class TrainingLimits {
  /** Java arrays hold at most this many floats. */
  static final long MAX_BATCH_VALUES = Integer.MAX_VALUE - 8;

  private TrainingLimits() {}

  /** Before any job: a label column with nominal metadata (StringIndexer's) names its classes. */
  static void checkLabelMetadata(BidirectionalRNNClassifier clf, StructType schema) {
    String lcol = clf.getLabelCol();
    Attribute a = Attribute.fromStructField(schema.apply(lcol));
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      checkClasses(clf, lcol, (Integer) n.getNumValues().get(), "its metadata names");
    }
  }

  /**
   * After the one statistics pass over the data.
   *
   * @param classes largest label + 1
   * @param minDim smallest step width (0 for token ids)
   * @param maxDim largest step width
   * @param maxLength longest sequence kept (after {@code maxSequenceLength})
   */
  static void check(
      BidirectionalRNNClassifier clf,
      String fcol,
      String lcol,
      long classes,
      long minDim,
      long maxDim,
      long maxLength) {
    checkClasses(clf, lcol, classes, "its largest label gives");
    if (classes < 2) {
      throw new IllegalArgumentException(
          "Column '"
              + lcol
              + "' holds one class (0) only: a classifier needs at least two; check the label"
              + " column or the filter that made the training data");
    }
    if (minDim != maxDim) {
      throw new IllegalArgumentException(
          "Column '"
              + fcol
              + "' has rows of different step widths ("
              + minDim
              + " and "
              + maxDim
              + " features); every step of every row must have the same width");
    }
    long values = (long) clf.getBatchSize() * maxLength * Math.max(1, maxDim);
    if (values > MAX_BATCH_VALUES) {
      throw new IllegalArgumentException(
          "A minibatch of "
              + clf.getBatchSize()
              + " sequences of "
              + maxLength
              + " steps"
              + (maxDim > 0 ? " x " + maxDim + " features" : "")
              + " holds "
              + values
              + " values, more than a Java array's "
              + MAX_BATCH_VALUES
              + "; set maxSequenceLength (keeps the first steps of each sequence) or a smaller"
              + " batchSize");
    }
  }

  private static void checkClasses(
      BidirectionalRNNClassifier clf, String lcol, long classes, String source) {
    if (classes > clf.getMaxClasses()) {
      throw new IllegalArgumentException(
          "Column '"
              + lcol
              + "' has "
              + classes
              + " classes ("
              + source
              + ") but maxClasses is "
              + clf.getMaxClasses()
              + "; raise maxClasses if that many are meant (the output layer grows with them),"
              + " or fix stray labels");
    }
  }
}
