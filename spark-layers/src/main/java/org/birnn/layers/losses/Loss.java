package org.birnn.layers.losses;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
    INDArray p = yPred.castTo(DataType.DOUBLE);
    long last = p.size(p.rank() - 1);
    long rows = p.length() / last;
    INDArray p2 = p.dup('c').reshape('c', rows, last);
    INDArray t2 = targets(yTrue, p, rows, last);
    INDArray perRow;
    INDArray dRow; // d perRow / d p2, per row
    switch (kind) {
      case CATEGORICAL_CROSSENTROPY:
      case SPARSE_CATEGORICAL_CROSSENTROPY:
        if (fromLogits) {
          INDArray logSoftmax = Transforms.log(Transforms.softmax(p2, true), false);
          perRow = t2.mul(logSoftmax).sum(1).negi();
          dRow = Transforms.softmax(p2, true).mulColumnVector(t2.sum(true, 1)).subi(t2);
        } else {
          INDArray s = p2.sum(true, 1);
          INDArray q = p2.divColumnVector(s);
          INDArray qc = Transforms.min(Transforms.max(q, EPSILON, true), 1 - EPSILON, false);
          perRow = t2.mul(Transforms.log(qc, true)).sum(1).negi();
          // dL/dq is zero where the clip is active; then through q = p / sum(p).
          INDArray inside =
              q.gt(EPSILON).castTo(DataType.DOUBLE).muli(q.lt(1 - EPSILON).castTo(DataType.DOUBLE));
          INDArray dq = t2.div(qc).negi().muli(inside);
          INDArray dot = dq.mul(q).sum(true, 1);
          dRow = dq.subColumnVector(dot).divColumnVector(s);
        }
        break;
      case BINARY_CROSSENTROPY:
        if (fromLogits) {
          INDArray relu = Transforms.relu(p2, true);
          INDArray softplus =
              Transforms.log(
                  Transforms.exp(Transforms.abs(p2, true).negi(), false).addi(1.0), false);
          perRow = relu.subi(p2.mul(t2)).addi(softplus).mean(1);
          dRow = Transforms.sigmoid(p2, true).subi(t2).divi(last);
        } else {
          INDArray pc = Transforms.min(Transforms.max(p2, EPSILON, true), 1 - EPSILON, false);
          INDArray l =
              t2.mul(Transforms.log(pc, true))
                  .addi(t2.rsub(1.0).muli(Transforms.log(pc.rsub(1.0), false)));
          perRow = l.mean(1).negi();
          INDArray inside =
              p2.gt(EPSILON)
                  .castTo(DataType.DOUBLE)
                  .muli(p2.lt(1 - EPSILON).castTo(DataType.DOUBLE));
          dRow = t2.div(pc).negi().addi(t2.rsub(1.0).divi(pc.rsub(1.0))).muli(inside).divi(last);
        }
        break;
      case MEAN_SQUARED_ERROR:
        {
          INDArray diff = p2.sub(t2);
          perRow = diff.mul(diff).mean(1);
          dRow = diff.muli(2.0 / last);
        }
        break;
      default:
        throw new IllegalStateException("unreachable: " + kind);
    }
    double denominator;
    INDArray w;
    if (mask == null) {
      w = Nd4j.ones(DataType.DOUBLE, rows);
      denominator = rows;
    } else {
      if (mask.length() != rows) {
        throw new IllegalArgumentException(
            "loss mask has "
                + mask.length()
                + " entries; expected one per prediction row, "
                + rows);
      }
      w = mask.castTo(DataType.DOUBLE).dup('c').reshape(rows).neq(0.0).castTo(DataType.DOUBLE);
      denominator = w.sumNumber().doubleValue() + EPSILON;
    }
    double value = perRow.mul(w).sumNumber().doubleValue() / denominator;
    INDArray grad = dRow.mulColumnVector(w.reshape(rows, 1)).divi(denominator);
    return new Value(value, grad.reshape('c', yPred.shape()).castTo(yPred.dataType()));
  }

  private INDArray targets(INDArray yTrue, INDArray p, long rows, long last) {
    if (kind == Kind.SPARSE_CATEGORICAL_CROSSENTROPY) {
      if (yTrue.length() != rows) {
        throw new IllegalArgumentException(
            "sparse_categorical_crossentropy needs one class id per prediction row ("
                + rows
                + "); received targets of shape "
                + java.util.Arrays.toString(yTrue.shape()));
      }
      double[] ids = yTrue.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, rows, last);
      for (int i = 0; i < ids.length; i++) {
        double id = ids[i];
        if (id != Math.rint(id) || id < 0 || id >= last) {
          throw new IllegalArgumentException(
              "class id " + id + " at row " + i + " is out of range [0, " + last + ")");
        }
        oneHot.putScalar(i, (long) id, 1.0);
      }
      return oneHot;
    }
    if (yTrue.length() != p.length()) {
      throw new IllegalArgumentException(
          kind.kerasName
              + " needs targets of the prediction shape "
              + java.util.Arrays.toString(p.shape())
              + "; received "
              + java.util.Arrays.toString(yTrue.shape()));
    }
    return yTrue.castTo(DataType.DOUBLE).dup('c').reshape('c', rows, last);
  }

  /**
   * A loss value and its gradient.
   *
   * @param value the reduced loss
   * @param gradient d value / d predictions, shaped like the predictions
   */
  public record Value(double value, INDArray gradient) {}
}
