package org.birnn.layers.losses;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3 losses with reduction {@code sum_over_batch_size}: the mean of the per-sample (or
 * per-step) losses; with a time mask, the sum over kept entries divided by {@code (kept + 1e-7)}
 * (Keras {@code apply_mask}).
 *
 * <ul>
 *   <li>{@code categorical_crossentropy}: {@code -sum(t log q)} with {@code q = p / sum(p)} clipped
 *       to {@code [1e-7, 1 - 1e-7]}; or from logits, {@code -sum(t log softmax(z))}.
 *   <li>{@code sparse_categorical_crossentropy}: the same with integer class ids as targets ({@code
 *       [batch]} or {@code [batch, time]}).
 *   <li>{@code binary_crossentropy}: {@code -mean(t log p + (1-t) log(1-p))} over the last axis,
 *       {@code p} clipped; or the stable form from logits.
 *   <li>{@code mse}: {@code mean((p - t)^2)} over the last axis.
 * </ul>
 */
public final class Loss {
  /** Keras {@code backend.epsilon()}. */
  public static final double EPSILON = 1e-7;

  /** The loss families. */
  public enum Kind {
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
    SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy"),
    BINARY_CROSSENTROPY("binary_crossentropy"),
    MEAN_SQUARED_ERROR("mean_squared_error"),
    /**
     * The negative log-likelihood of a linear-chain CRF output layer, which computes it with its
     * own weights ({@code org.birnn.layers.crf.CRF#loss}); {@link #compute} does not apply.
     */
    CRF_LOSS("crf_loss");

    final String kerasName;

    Kind(String kerasName) {
      this.kerasName = kerasName;
    }
  }

  private final Kind kind;
  private final boolean fromLogits;

  /** A loss; {@code fromLogits} means predictions are pre-activation scores. */
  public Loss(Kind kind, boolean fromLogits) {
    this.kind = kind;
    this.fromLogits = fromLogits;
    if (fromLogits && (kind == Kind.MEAN_SQUARED_ERROR || kind == Kind.CRF_LOSS)) {
      throw new IllegalArgumentException(kind.kerasName + " has no from_logits option");
    }
  }

  /**
   * A loss by Keras name: {@code categorical_crossentropy}, {@code
   * sparse_categorical_crossentropy}, {@code binary_crossentropy}, {@code mse} / {@code
   * mean_squared_error}, {@code crf_loss} (for a model whose output layer is a CRF).
   */
  public static Loss get(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("mse")) {
      return new Loss(Kind.MEAN_SQUARED_ERROR, false);
    }
    for (Kind k : Kind.values()) {
      if (k.kerasName.equals(n)) {
        return new Loss(k, false);
      }
    }
    throw new IllegalArgumentException(
        "Unknown loss '"
            + name
            + "'; expected categorical_crossentropy,"
            + " sparse_categorical_crossentropy, binary_crossentropy, mse or crf_loss");
  }

  /** The family. */
  public Kind kind() {
    return kind;
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** The Keras name. */
  public String kerasName() {
    return kind.kerasName;
  }

  /**
   * The loss value and its gradient with respect to {@code yPred}.
   *
   * @param yTrue targets: like {@code yPred}, or class ids for the sparse loss
   * @param yPred predictions {@code [batch, classes]} or {@code [batch, time, classes]}
   * @param mask {@code [batch]} or {@code [batch, time]} weights of the per-entry losses (1 keep, 0
   *     drop), or {@code null}
   */
  public Value compute(INDArray yTrue, INDArray yPred, INDArray mask) {
    if (kind == Kind.CRF_LOSS) {
      throw new IllegalStateException("crf_loss is computed by the model's CRF output layer");
    }
    // One pass in Java doubles over copied arrays: a handful of ND4J calls per step instead of
    // about thirty, each of which costs more than the arithmetic at these sizes.
    int last = (int) yPred.size(yPred.rank() - 1);
    int rows = (int) (yPred.length() / last);
    double[] p = doubles(yPred);
    LossRows r = new LossRows(p, rows, last);
    if (kind == Kind.SPARSE_CATEGORICAL_CROSSENTROPY) {
      r.sparseCrossEntropy(classIds(yTrue, rows, last), fromLogits);
    } else {
      if (yTrue.length() != yPred.length()) {
        throw new IllegalArgumentException(
            kind.kerasName
                + " needs targets of the prediction shape "
                + java.util.Arrays.toString(yPred.shape())
                + "; received "
                + java.util.Arrays.toString(yTrue.shape()));
      }
      double[] t = doubles(yTrue);
      switch (kind) {
        case CATEGORICAL_CROSSENTROPY -> r.crossEntropy(t, fromLogits);
        case BINARY_CROSSENTROPY -> r.binaryCrossEntropy(t, fromLogits);
        case MEAN_SQUARED_ERROR -> r.meanSquaredError(t);
        default -> throw new IllegalStateException("unreachable: " + kind);
      }
    }
    double[] w = new double[rows];
    double denominator;
    if (mask == null) {
      java.util.Arrays.fill(w, 1.0);
      denominator = rows;
    } else {
      if (mask.length() != rows) {
        throw new IllegalArgumentException(
            "loss mask has "
                + mask.length()
                + " entries; expected one per prediction row, "
                + rows);
      }
      double[] m = doubles(mask);
      double kept = 0;
      for (int i = 0; i < rows; i++) {
        w[i] = m[i] != 0.0 ? 1.0 : 0.0;
        kept += w[i];
      }
      denominator = kept + EPSILON;
    }
    double value = r.reduce(w, denominator);
    INDArray grad = Nd4j.create(r.gradient(), yPred.shape(), 'c');
    return new Value(value, grad.castTo(yPred.dataType()));
  }

  private static double[] doubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static int[] classIds(INDArray yTrue, int rows, int last) {
    if (yTrue.length() != rows) {
      throw new IllegalArgumentException(
          "sparse_categorical_crossentropy needs one class id per prediction row ("
              + rows
              + "); received targets of shape "
              + java.util.Arrays.toString(yTrue.shape()));
    }
    double[] ids = doubles(yTrue);
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      double id = ids[i];
      if (id != Math.rint(id) || id < 0 || id >= last) {
        throw new IllegalArgumentException(
            "class id " + id + " at row " + i + " is out of range [0, " + last + ")");
      }
      out[i] = (int) id;
    }
    return out;
  }

  /**
   * A loss value and its gradient.
   *
   * @param value the reduced loss
   * @param gradient d value / d predictions, shaped like the predictions
   */
  public record Value(double value, INDArray gradient) {}
}
