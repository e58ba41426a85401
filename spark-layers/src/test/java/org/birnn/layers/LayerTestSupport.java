package org.birnn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.RNN;
import org.birnn.layers.rnn.RecurrentLayer;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java analogue of Keras's {@code run_layer_test}: shapes, weights, config round trip, a step.
 */
public final class LayerTestSupport {
  private LayerTestSupport() {}

  public static INDArray arange(long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return Nd4j.arange(n).castTo(DataType.FLOAT).reshape(shape);
  }

  public static INDArray randn(Random rng, long... shape) {
    return GradientCheck.random(shape, rng).castTo(DataType.FLOAT);
  }

  public static void assertValues(double[] expected, INDArray actual, double tol) {
    assertArrayEquals(expected, actual.castTo(DataType.DOUBLE).dup('c').data().asDouble(), tol);
  }

  /**
   * Config to JSON to config: equal configs, identical JSON, identical outputs with the same
   * weights.
   */
  public static void assertConfigRoundTrip(RecurrentLayer layer, INDArray x) {
    String json = KerasJson.write(layer.getConfig());
    RecurrentLayer copy =
        layer.withConfig((com.fasterxml.jackson.databind.node.ObjectNode) KerasJson.parse(json));
    assertEquals(json, KerasJson.write(copy.getConfig()), "JSON after a round trip");
    if (layer instanceof RNN && copy instanceof RNN) {
      assertEquals(((RNN) layer).config(), ((RNN) copy).config());
    }
    LayerCall a = layer.call(x, null, null, false);
    copy.setWeights(layer.getWeights());
    LayerCall b = copy.call(x, null, null, false);
    assertArrayEquals(a.output().shape(), b.output().shape(), "output shape after a round trip");
    assertEquals(a.output(), b.output(), "outputs after a round trip");
  }

  /** The same for a Bidirectional layer. */
  public static void assertConfigRoundTrip(Bidirectional layer, INDArray x) {
    String json = KerasJson.write(layer.getConfig());
    Bidirectional copy = Bidirectional.fromConfig(KerasJson.parse(json));
    assertEquals(json, KerasJson.write(copy.getConfig()), "JSON after a round trip");
    LayerCall a = layer.call(x);
    copy.setWeights(layer.getWeights());
    LayerCall b = copy.call(x);
    assertEquals(a.outputs().size(), b.outputs().size());
    for (int i = 0; i < a.outputs().size(); i++) {
      assertEquals(a.outputs().get(i), b.outputs().get(i), "output " + i + " after a round trip");
    }
  }

  /**
   * Output shapes as {@link Bidirectional#computeOutputShape}, the weight count, the config round
   * trip, and one gradient step that lowers {@code sum(outputs * upstream)}.
   */
  public static void assertLayerBasics(
      Bidirectional layer, long[] inputShape, int expectedWeights) {
    Random rng = new Random(42);
    INDArray x = randn(rng, inputShape);
    LayerCall out = layer.call(x);
    List<long[]> shapes = layer.computeOutputShape(inputShape);
    assertEquals(shapes.size(), out.outputs().size(), "number of outputs");
    for (int i = 0; i < shapes.size(); i++) {
      assertArrayEquals(shapes.get(i), out.outputs().get(i).shape(), "shape of output " + i);
    }
    assertEquals(expectedWeights, layer.getWeights().size(), "number of weights");
    assertConfigRoundTrip(layer, x);
    assertOneStepLowersTheLoss(layer, x, rng);
  }

  private static void assertOneStepLowersTheLoss(Bidirectional layer, INDArray x, Random rng) {
    LayerCall out = layer.call(x);
    List<INDArray> up = new ArrayList<>();
    for (INDArray o : out.outputs()) {
      up.add(randn(rng, o.shape()));
    }
    double before = GradientCheck.dot(out.outputs(), up);
    LayerCall.Gradients g = out.backward(up);
    List<INDArray> w = layer.getWeights();
    List<INDArray> stepped = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      stepped.add(w.get(i).sub(g.weights().get(i).mul(1e-3)));
    }
    layer.setWeights(stepped);
    double after = GradientCheck.dot(layer.call(x).outputs(), up);
    assertTrue(after < before, "one SGD step should lower the loss: " + before + " -> " + after);
  }
}
