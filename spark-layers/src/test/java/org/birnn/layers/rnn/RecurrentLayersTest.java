package org.birnn.layers.rnn;

import static org.birnn.layers.LayerTestSupport.arange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.birnn.layers.GradientCheck;
import org.birnn.layers.LayerCall;
import org.birnn.layers.LayerTestSupport;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** LSTM, GRU and SimpleRNN on their own: configs, weights, direction, dropout, regularizers. */
class RecurrentLayersTest {

  static RecurrentLayer layer(CellType type, RecurrentBuilder<RecurrentConfig> b) {
    return LayerRegistry.fromConfig(type.className(), b.build().toJson(), RecurrentLayer.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CellType.class)
  void basics(CellType type) {
    RecurrentLayer l = layer(type, RecurrentConfig.builder(type).units(3).returnSequences(true));
    INDArray x = LayerTestSupport.randn(new Random(1), 2, 4, 5);
    LayerTestSupport.assertConfigRoundTrip(l, x);
    assertArrayEquals(new long[] {2, 4, 3}, l.call(x, null, null, false).output().shape());
    int g = type.gates();
    List<INDArray> w = l.getWeights();
    assertArrayEquals(new long[] {5, g * 3}, w.get(0).shape());
    assertArrayEquals(new long[] {3, g * 3}, w.get(1).shape());
    long[] bias = type == CellType.GRU ? new long[] {2, 9} : new long[] {g * 3};
    assertArrayEquals(bias, w.get(2).shape());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CellType.class)
  void everyArgumentSurvivesTheJsonRoundTrip(CellType type) {
    RecurrentBuilder<RecurrentConfig> b =
        RecurrentConfig.builder(type)
            .name("custom")
            .units(7)
            .trainable(false)
            .dtype("float64")
            .returnSequences(true)
            .returnState(true)
            .goBackwards(true)
            .stateful(true)
            .unroll(true)
            .zeroOutputForMask(true)
            .activation(Activation.RELU)
            .useBias(false)
            .kernelInitializer(Initializer.heNormal(3L))
            .recurrentInitializer(Initializer.randomUniform(-0.1, 0.2, 4L))
            .biasInitializer(Initializer.constant(0.5))
            .kernelRegularizer(Regularizer.l1(0.01))
            .recurrentRegularizer(Regularizer.l2(0.02))
            .biasRegularizer(Regularizer.l1l2(0.1, 0.2))
            .activityRegularizer(Regularizer.l2(0.3))
            .dropout(0.25)
            .recurrentDropout(0.5)
            .seed(9L);
    if (type != CellType.SIMPLE_RNN) {
      b.recurrentActivation(Activation.HARD_SIGMOID);
    }
    if (type == CellType.LSTM) {
      b.unitForgetBias(false);
    }
    if (type == CellType.GRU) {
      b.resetAfter(false);
    }
    RecurrentConfig c = b.build();
    String json = KerasJson.write(c.toJson());
    RecurrentConfig back = RecurrentConfig.fromJson(type, KerasJson.parse(json));
    assertEquals(json, KerasJson.write(back.toJson()));
    assertEquals(c, back);
    assertEquals(Activation.RELU, back.activation());
    assertEquals(0.5, back.recurrentDropout());
  }

  @Test
  void configKeysFollowKerasOrder() {
    assertEquals(
        "name trainable dtype return_sequences return_state go_backwards stateful unroll"
            + " zero_output_for_mask units activation recurrent_activation use_bias"
            + " kernel_initializer recurrent_initializer bias_initializer unit_forget_bias"
            + " kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer"
            + " kernel_constraint recurrent_constraint bias_constraint dropout recurrent_dropout seed",
        keys(LSTM.of(4).getConfig()));
    assertTrue(keys(GRU.of(4).getConfig()).endsWith("dropout recurrent_dropout reset_after seed"));
    assertFalse(keys(GRU.of(4).getConfig()).contains("unit_forget_bias"));
    String rnn = keys(SimpleRNN.of(4).getConfig());
    assertFalse(rnn.contains("recurrent_activation") || rnn.contains("seed"), rnn);
    JsonNode init = LSTM.of(4).getConfig().get("recurrent_initializer");
    assertEquals(
        "{\"module\":\"keras.initializers\",\"class_name\":\"Orthogonal\",\"config\":{\"seed\":null,"
            + "\"gain\":1.0},\"registered_name\":null}",
        KerasJson.write(init));
  }

  private static String keys(ObjectNode c) {
    List<String> k = new ArrayList<>();
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      k.add(it.next());
    }
    return String.join(" ", k);
  }

  @Test
  void kerasTwoConfigsGetKerasTwoDefaults() {
    JsonNode gru =
        KerasJson.parse(
            "{\"name\":\"gru\",\"units\":2,\"implementation\":1,\"recurrent_activation\":\"hard_sigmoid\"}");
    RecurrentConfig c = RecurrentConfig.fromJson(CellType.GRU, gru);
    assertFalse(c.resetAfter(), "Keras 2 GRU without reset_after is reset_after=false");
    assertEquals(Activation.HARD_SIGMOID_KERAS2, c.recurrentActivation());
    RecurrentConfig k3 = RecurrentConfig.fromJson(CellType.GRU, KerasJson.parse("{\"units\":2}"));
    assertTrue(k3.resetAfter(), "Keras 3 default");
    assertEquals(Activation.SIGMOID, k3.recurrentActivation());
  }

  @Test
  void hardSigmoidFormulasDifferBetweenKerasVersions() {
    double[] x = {-4, 0, 1, 4};
    double[] k3 = {0, 0.5, 1.0 / 6 + 0.5, 1};
    double[] k2 = {0, 0.5, 0.7, 1};
    for (int i = 0; i < x.length; i++) {
      assertEquals(k3[i], Activation.HARD_SIGMOID.apply(x[i]), 1e-7);
      assertEquals(k2[i], Activation.HARD_SIGMOID_KERAS2.apply(x[i]), 1e-7);
    }
  }

  @Test
  void goBackwardsReturnsTheSequenceInProcessingOrder() {
    SimpleRNN fwd = SimpleRNN.builder().units(2).returnSequences(true).build();
    SimpleRNN bwd = SimpleRNN.builder().units(2).returnSequences(true).goBackwards(true).build();
    INDArray x = LayerTestSupport.randn(new Random(3), 1, 3, 2);
    fwd.build(2);
    bwd.setWeights(fwd.getWeights());
    INDArray reversed = org.birnn.layers.internal.Tensors.flipTime(x);
    assertEquals(
        fwd.call(reversed, null, null, false).output(), bwd.call(x, null, null, false).output());
  }

  @Test
  void unitForgetBiasSetsTheForgetBlockToExactlyOne() {
    LSTM lstm = LSTM.builder().units(2).biasInitializer(Initializer.constant(0.03)).build();
    lstm.build(3);
    LayerTestSupport.assertValues(
        new double[] {0.03, 0.03, 1, 1, 0.03, 0.03, 0.03, 0.03}, lstm.getWeights().get(2), 1e-8);
    assertEquals(1.0, lstm.getWeights().get(2).getDouble(2), 0.0, "exactly 1.0, not bias_init + 1");
  }

  @Test
  void dropoutIsInvertedConstantOverTimeAndOffAtInference() {
    // With identity-like weights on feature 0 the kernel input of each step shows the mask.
    SimpleRNN rnn =
        SimpleRNN.builder()
            .units(1)
            .activation(Activation.LINEAR)
            .dropout(0.5)
            .seed(11L)
            .kernelInitializer(Initializer.ones())
            .recurrentInitializer(Initializer.zeros())
            .returnSequences(true)
            .build();
    int batch = 400;
    INDArray x = Nd4j.ones(DataType.FLOAT, batch, 3, 1);
    INDArray train = rnn.call(x, null, null, true).output();
    int dropped = 0;
    for (int b = 0; b < batch; b++) {
      double v0 = train.getDouble(b, 0, 0);
      assertTrue(
          v0 == 0.0 || Math.abs(v0 - 2.0) < 1e-6, "kept inputs are scaled by 1/(1-rate): " + v0);
      for (int t = 1; t < 3; t++) {
        assertEquals(v0, train.getDouble(b, t, 0), 1e-6, "the mask is the same at every step");
      }
      dropped += v0 == 0.0 ? 1 : 0;
    }
    assertTrue(dropped > 150 && dropped < 250, "about half dropped: " + dropped);
    assertEquals(Nd4j.ones(DataType.FLOAT, batch, 3, 1), rnn.call(x, null, null, false).output());
  }

  @Test
  void recurrentDropoutDrawsOneMaskPerGate() {
    LSTM lstm = LSTM.builder().units(4).dropout(0.3).recurrentDropout(0.3).seed(5L).build();
    INDArray x = LayerTestSupport.randn(new Random(2), 3, 4, 2);
    INDArray a = lstm.call(x, null, null, true).output();
    INDArray b = lstm.call(x, null, null, true).output();
    assertNotEquals(a, b, "masks are drawn per call");
    assertEquals(
        lstm.call(x, null, null, false).output(), lstm.call(x, null, null, false).output());
  }

  @Test
  void initializersFollowKerasDistributions() {
    Random rng = new Random(1);
    INDArray k =
        Initializer.glorotUniform(null).initialize(new long[] {30, 40}, DataType.DOUBLE, rng);
    double limit = Math.sqrt(6.0 / 70);
    assertTrue(k.amaxNumber().doubleValue() <= limit);
    assertTrue(k.amaxNumber().doubleValue() > 0.9 * limit);
    INDArray q =
        Initializer.orthogonal(1.0, null).initialize(new long[] {5, 20}, DataType.DOUBLE, rng);
    assertTrue(
        q.mmul(q.transpose()).equalsWithEps(Nd4j.eye(5).castTo(DataType.DOUBLE), 1e-10),
        "rows orthonormal");
    INDArray he =
        Initializer.heNormal(null).initialize(new long[] {200, 300}, DataType.DOUBLE, rng);
    assertEquals(
        Math.sqrt(2.0 / 200), he.stdNumber().doubleValue(), 0.01 * Math.sqrt(2.0 / 200) * 5);
    assertTrue(
        he.amaxNumber().doubleValue() <= 2 * Math.sqrt(2.0 / 200) / 0.87962566103423978 + 1e-12);
    INDArray s1 = Initializer.lecunUniform(7L).initialize(new long[] {4, 4}, DataType.DOUBLE, rng);
    INDArray s2 =
        Initializer.lecunUniform(7L).initialize(new long[] {4, 4}, DataType.DOUBLE, new Random(99));
    assertEquals(s1, s2, "a seeded initializer repeats");
    for (String name :
        new String[] {
          "glorot_uniform",
          "glorot_normal",
          "he_uniform",
          "he_normal",
          "lecun_uniform",
          "lecun_normal",
          "orthogonal",
          "zeros",
          "ones",
          "random_normal",
          "random_uniform",
          "truncated_normal",
          "constant"
        }) {
      Initializer i = Initializer.fromJson(KerasJson.parse("\"" + name + "\""));
      assertEquals(i, Initializer.fromJson(i.toJson()), name);
    }
  }

  @Test
  void regularizersAddPenaltyAndGradient() {
    LSTM lstm =
        LSTM.builder()
            .units(2)
            .kernelRegularizer(Regularizer.l2(0.5))
            .biasRegularizer(Regularizer.l1(0.25))
            .build();
    lstm.build(2);
    INDArray k = lstm.getWeights().get(0);
    INDArray b = lstm.getWeights().get(2);
    double expected =
        0.5 * k.mul(k).sumNumber().doubleValue() + 0.25 * b.norm1Number().doubleValue();
    assertEquals(expected, lstm.regularizationPenalty(), 1e-5);
    List<INDArray> g = lstm.regularizationGradients();
    assertEquals(k.mul(1.0), g.get(0));
    assertNull(g.get(1), "no recurrent regularizer: nothing to add");
    assertEquals(org.nd4j.linalg.ops.transforms.Transforms.sign(b, true).muli(0.25), g.get(2));
  }

  @Test
  void activityRegularizerPenalizesOutputsAndAddsItsGradient() {
    SimpleRNN rnn =
        SimpleRNN.builder()
            .units(2)
            .dtype("float64")
            .activityRegularizer(Regularizer.l2(0.1))
            .build();
    INDArray x = GradientCheck.random(new long[] {2, 3, 2}, new Random(4));
    LayerCall out = rnn.call(x, null, null, false);
    double y2 = out.output().mul(out.output()).sumNumber().doubleValue();
    assertEquals(0.1 * y2, out.penalty(), 1e-12);
    LayerCall.Gradients g = out.backward(Nd4j.zeros(DataType.DOUBLE, 2, 2));
    GradientCheck.check(
        "d input of the activity penalty",
        x,
        g.input(),
        v -> rnn.call(x, null, null, false).penalty());
  }

  @Test
  void statefulLayerStartsFromItsStoredStates() {
    LSTM lstm = LSTM.builder().units(2).stateful(true).build();
    INDArray x = arange(2, 3, 1).divi(10);
    INDArray first = lstm.call(x, null, null, false).output();
    INDArray second = lstm.call(x, null, null, false).output();
    assertNotEquals(first, second);
    lstm.resetStates();
    assertEquals(first, lstm.call(x, null, null, false).output());
  }
}
