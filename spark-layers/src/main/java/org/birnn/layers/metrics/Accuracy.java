package org.birnn.layers.metrics;

import org.birnn.layers.losses.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras accuracy metrics. The name {@code "accuracy"} resolves by the loss, as in Keras: {@code
 * categorical_accuracy} (argmax of targets and predictions agree), {@code
 * sparse_categorical_accuracy} (argmax equals the class id) or {@code binary_accuracy} (prediction
 * &gt; 0.5 equals the target). Masked entries do not count.
 */
public enum Accuracy {
  CATEGORICAL("categorical_accuracy"),
  SPARSE_CATEGORICAL("sparse_categorical_accuracy"),
  BINARY("binary_accuracy");

  private final String kerasName;

  Accuracy(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The Keras name. */
  public String kerasName() {
    return kerasName;
  }

  /** {@code "accuracy"} / {@code "acc"} for this loss, or a specific accuracy name. */
  public static Accuracy resolve(String name, Loss loss) {
    if (name.equals("accuracy") || name.equals("acc")) {
      switch (loss.kind()) {
        case SPARSE_CATEGORICAL_CROSSENTROPY:
        case CRF_LOSS: // tag ids against each step's best score
          return SPARSE_CATEGORICAL;
        case BINARY_CROSSENTROPY:
          return BINARY;
        default:
          return CATEGORICAL;
      }
    }
    for (Accuracy a : values()) {
      if (a.kerasName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "Unknown metric '"
            + name
            + "'; expected accuracy, categorical_accuracy,"
            + " sparse_categorical_accuracy or binary_accuracy");
  }

  /** {@code {correct, counted}} for one batch, so batches can be summed. */
  public double[] count(INDArray yTrue, INDArray yPred, INDArray mask) {
    long last = yPred.size(yPred.rank() - 1);
    long rows = yPred.length() / last;
    double[] p = yPred.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] t = yTrue.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] m = mask == null ? null : mask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double correct = 0;
    double counted = 0;
    for (int r = 0; r < rows; r++) {
      if (m != null && m[r] == 0) {
        continue;
      }
      if (this == BINARY) {
        for (int k = 0; k < last; k++) {
          int i = (int) (r * last + k);
          correct += ((p[i] > 0.5) == (t[i] > 0.5)) ? 1.0 / last : 0;
        }
      } else {
        int pred = argmax(p, r * last, last);
        int truth = this == SPARSE_CATEGORICAL ? (int) t[r] : argmax(t, r * last, last);
        correct += pred == truth ? 1 : 0;
      }
      counted++;
    }
    return new double[] {correct, counted};
  }

  private static int argmax(double[] v, long from, long n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (v[(int) (from + k)] > v[(int) (from + best)]) {
        best = k;
      }
    }
    return best;
  }
}
