package org.birnn.examples;

import java.util.Arrays;
import org.birnn.layers.Bidirectional;
import org.birnn.layers.RecurrentOutput;
import org.birnn.layers.SimpleRNN;
import org.birnn.layers.initializers.Initializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's main job. The Spark text-classification pipeline it will run needs the model API
 * (issue 4) and the Spark stages (issue 5); until they exist this says so and runs the one part
 * that exists: a Bidirectional layer checked against a Keras golden value.
 */
public final class TextClassificationJob {
  private TextClassificationJob() {}

  /** Entry point; takes no arguments yet. */
  public static void main(String[] args) {
    System.out.println(
        "birnn-spark: the Spark text-classification job is NOT available yet (it arrives with"
            + " issue 6, on top of the model API and the Spark stages).");
    System.out.println("Running what exists today: Keras's own Bidirectional golden example.");
    // keras/src/layers/rnn/bidirectional_test.py: SimpleRNN(2) with constant initializers,
    // x = arange(24).reshape(2, 3, 4), merge_mode="concat".
    SimpleRNN rnn =
        SimpleRNN.builder()
            .units(2)
            .kernelInitializer(Initializer.constant(0.01))
            .recurrentInitializer(Initializer.constant(0.02))
            .biasInitializer(Initializer.constant(0.03))
            .build();
    INDArray x = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 4);
    RecurrentOutput out = Bidirectional.of(rnn).call(x);
    float[] got = out.output().dup('c').data().asFloat();
    float[] keras = {
      0.39687276f, 0.39687276f, 0.10004295f, 0.10004295f,
      0.7237238f, 0.7237238f, 0.53391594f, 0.53391594f
    };
    double maxErr = 0;
    for (int i = 0; i < keras.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(got[i] - keras[i]));
    }
    System.out.println("Bidirectional(SimpleRNN(2)) output: " + Arrays.toString(got));
    System.out.println("Keras golden value:                 " + Arrays.toString(keras));
    System.out.printf("max abs difference: %.2e%n", maxErr);
    if (maxErr > 1e-6) {
      throw new IllegalStateException("Bidirectional output differs from Keras by " + maxErr);
    }
  }
}
