package org.birnn.examples;

import java.util.List;
import java.util.Random;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.models.FitOptions;
import org.birnn.layers.models.History;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.LSTM;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two examples of the Keras {@code Bidirectional} documentation, in Java: a stacked
 * bidirectional LSTM, and a custom {@code relu} backward layer; both compiled with {@code
 * categorical_crossentropy} and {@code rmsprop} and trained on generated data.
 */
public final class KerasSeedExamples {
  private KerasSeedExamples() {}

  /** Trains both models and prints their loss per epoch; {@code args[0]} = epochs (default 5). */
  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    // model = Sequential([Input(shape=(5, 10)), Bidirectional(LSTM(10, return_sequences=True)),
    //                     Bidirectional(LSTM(10)), Dense(5, activation="softmax")])
    Sequential stacked =
        Sequential.of(
            Input.shape(5, 10),
            Bidirectional.of(LSTM.builder().units(10).returnSequences(true).build()),
            Bidirectional.of(LSTM.of(10)),
            Dense.builder().units(5).activation(Activation.SOFTMAX).build());
    stacked.compile("categorical_crossentropy", "rmsprop", "accuracy");
    INDArray[] data = generated(256, 1);
    report(
        "stacked Bidirectional(LSTM)",
        stacked.fit(data[0], data[1], FitOptions.builder().epochs(epochs).seed(1).build()));

    // forward_layer = LSTM(10, return_sequences=True)
    // backward_layer = LSTM(10, activation="relu", return_sequences=True, go_backwards=True)
    LSTM forward = LSTM.builder().units(10).returnSequences(true).build();
    LSTM backward =
        LSTM.builder()
            .units(10)
            .activation(Activation.RELU)
            .returnSequences(true)
            .goBackwards(true)
            .build();
    Sequential custom =
        Sequential.of(
            Input.shape(5, 10),
            Bidirectional.builder(forward).backwardLayer(backward).build(),
            Dense.builder().units(5).activation(Activation.SOFTMAX).build());
    custom.compile("categorical_crossentropy", "rmsprop");
    INDArray perStep = Nd4j.zeros(DataType.FLOAT, 256, 5, 5);
    for (int t = 0; t < 5; t++) {
      perStep
          .get(
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.point(t),
              org.nd4j.linalg.indexing.NDArrayIndex.all())
          .assign(data[1]);
    }
    report(
        "custom relu backward layer",
        custom.fit(data[0], perStep, FitOptions.builder().epochs(epochs).seed(2).build()));
  }

  private static void report(String name, History h) {
    List<Double> loss = h.get("loss");
    System.out.printf(
        "%s: loss %.4f -> %.4f over %d epochs%n",
        name, loss.get(0), loss.get(loss.size() - 1), loss.size());
  }

  /**
   * {@code x [n, 5, 10]}, one-hot {@code y [n, 5]}: the class is the feature block that is high.
   */
  static INDArray[] generated(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 50];
    float[] y = new float[n * 5];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(5);
      y[i * 5 + c] = 1;
      for (int t = 0; t < 5; t++) {
        for (int f = 0; f < 10; f++) {
          x[(i * 5 + t) * 10 + f] = (float) ((f / 2 == c ? 0.8 : 0) + 0.3 * r.nextGaussian());
        }
      }
    }
    return new INDArray[] {
      Nd4j.create(x, new long[] {n, 5, 10}, 'c'), Nd4j.create(y, new long[] {n, 5}, 'c')
    };
  }
}
