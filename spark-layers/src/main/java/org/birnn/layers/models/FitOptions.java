package org.birnn.layers.models;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Arguments of {@code fit}, with Keras defaults: batch size 32, 1 epoch, shuffled each epoch, no
 * validation, a progress line per epoch on standard output.
 */
public final class FitOptions {
  final int batchSize;
  final int epochs;
  final boolean shuffle;
  final Long seed;
  final double validationSplit;
  final List<INDArray> validationX;
  final INDArray validationY;
  final List<Callback> callbacks;
  final PrintStream progress;

  private FitOptions(Builder b) {
    if (b.batchSize <= 0 || b.epochs <= 0) {
      throw new IllegalArgumentException(
          "fit: batch_size and epochs must be > 0; received batch_size="
              + b.batchSize
              + ", epochs="
              + b.epochs);
    }
    if (!(b.validationSplit >= 0 && b.validationSplit < 1)) {
      throw new IllegalArgumentException(
          "fit: validation_split must be in [0, 1); received " + b.validationSplit);
    }
    if (b.validationX != null && b.validationSplit > 0) {
      throw new IllegalArgumentException("fit: give validation_data or validation_split, not both");
    }
    batchSize = b.batchSize;
    epochs = b.epochs;
    shuffle = b.shuffle;
    seed = b.seed;
    validationSplit = b.validationSplit;
    validationX = b.validationX;
    validationY = b.validationY;
    callbacks = List.copyOf(b.callbacks);
    progress = b.progress;
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link FitOptions}. */
  public static final class Builder {
    private int batchSize = 32;
    private int epochs = 1;
    private boolean shuffle = true;
    private Long seed;
    private double validationSplit;
    private List<INDArray> validationX;
    private INDArray validationY;
    private final List<Callback> callbacks = new ArrayList<>();
    private PrintStream progress = System.out;

    /** Samples per step (default 32). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Passes over the data (default 1). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Shuffle the training samples every epoch (default true). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Seed of the shuffling (default: random). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Fraction of the samples, taken from the end before shuffling, held out (default 0). */
    public Builder validationSplit(double validationSplit) {
      this.validationSplit = validationSplit;
      return this;
    }

    /** Held-out data evaluated after each epoch. */
    public Builder validationData(INDArray x, INDArray y) {
      return validationData(List.of(x), y);
    }

    /** Held-out data for a model with several inputs. */
    public Builder validationData(List<INDArray> xs, INDArray y) {
      this.validationX = xs;
      this.validationY = y;
      return this;
    }

    /** Adds a callback such as {@link EarlyStopping}. */
    public Builder callback(Callback c) {
      this.callbacks.add(c);
      return this;
    }

    /** Where the per-epoch progress line goes; {@code null} for silence (default stdout). */
    public Builder progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    /** Validates and builds. */
    public FitOptions build() {
      return new FitOptions(this);
    }
  }
}
