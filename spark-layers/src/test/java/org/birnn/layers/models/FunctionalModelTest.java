package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.merging.Concatenate;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.rnn.MergeMode;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Graphs a stack cannot express: returned states and unmerged outputs feeding later layers. */
class FunctionalModelTest {

  static Model encoderWithConcatenatedStates(String dtype) {
    KerasTensor x = Input.shape(5, 3);
    List<KerasTensor> enc =
        KerasTensor.apply(
            Bidirectional.of(LSTM.builder().units(4).returnState(true).dtype(dtype).build()), x);
    assertEquals(5, enc.size(), "output, h_f, c_f, h_b, c_b");
    KerasTensor h = KerasTensor.apply(Concatenate.builder().build(), enc.get(1), enc.get(3)).get(0);
    assertArrayEquals(new long[] {-1, 8}, h.shape());
    KerasTensor y =
        KerasTensor.apply(
                Dense.builder().units(3).activation(Activation.SOFTMAX).dtype(dtype).build(), h)
            .get(0);
    return Model.of(List.of(x), List.of(y));
  }

  @Test
  void forwardAndBackwardFinalStatesFeedADense() {
    Model model = encoderWithConcatenatedStates("float32");
    model.compile("categorical_crossentropy", "adam", "accuracy");
    ModelTestData d = new ModelTestData(120, 5, 3, 3, 5);
    History h =
        model.fit(
            d.x, d.y, FitOptions.builder().epochs(10).batchSize(16).seed(5).progress(null).build());
    List<Double> loss = h.get("loss");
    for (int e = 1; e < loss.size(); e++) {
      assertTrue(loss.get(e) < loss.get(e - 1), "loss should fall every epoch: " + loss);
    }
    assertTrue(loss.get(9) < 0.9 * loss.get(0), "loss " + loss);
  }

  @Test
  void unmergedOutputsCanBeJoinedLater() {
    KerasTensor x = Input.shape(4, 2);
    List<KerasTensor> both =
        KerasTensor.apply(
            Bidirectional.builder(GRU.builder().units(3).returnSequences(true).build())
                .mergeMode(MergeMode.NONE)
                .build(),
            x);
    KerasTensor joined =
        KerasTensor.apply(org.birnn.layers.merging.Add.builder().build(), both.get(0), both.get(1))
            .get(0);
    KerasTensor pooled =
        KerasTensor.apply(org.birnn.layers.pooling.GlobalPooling1D.average(), joined).get(0);
    KerasTensor y =
        KerasTensor.apply(Dense.builder().units(2).activation(Activation.SOFTMAX).build(), pooled)
            .get(0);
    Model model = Model.of(List.of(x), List.of(y));
    INDArray in = new ModelTestData(3, 4, 2, 2, 6).x;
    Bidirectional sumMode =
        Bidirectional.builder(GRU.builder().units(3).returnSequences(true).build())
            .mergeMode(MergeMode.SUM)
            .build();
    sumMode.setWeights(model.layers().get(1).getWeights());
    assertTrue(
        sumMode
            .call(in)
            .output()
            .equalsWithEps(
                model
                    .layers()
                    .get(1)
                    .forward(List.of(in), null, false)
                    .outputs()
                    .get(0)
                    .add(model.layers().get(1).forward(List.of(in), null, false).outputs().get(1)),
                1e-6));
    assertArrayEquals(new long[] {3, 2}, model.predict(in).shape());
  }

  @Test
  void functionalJsonRoundTripsAndPredictsTheSame() {
    Model model = encoderWithConcatenatedStates("float32");
    String json = model.toJson();
    assertTrue(
        json.contains("\"class_name\":\"Functional\"") && json.contains("inbound_nodes"), json);
    Model back = Model.fromJson(json);
    assertEquals(json, back.toJson());
    back.setWeights(model.getWeights());
    INDArray x = new ModelTestData(4, 5, 3, 3, 7).x;
    assertEquals(model.predict(x), back.predict(x));
  }

  /** Every gradient of a model with embeddings, masks, a Bidirectional GRU, pooling and a head. */
  @Test
  void wholeModelGradientMatchesFiniteDifferences() {
    KerasTensor ids = Input.shape(6);
    KerasTensor e =
        KerasTensor.apply(
                LayerRegistry.deserialize(
                    KerasJson.parse(
                        "{\"class_name\":\"Embedding\",\"config\":{\"input_dim\":7,\"output_dim\":3,\"mask_zero\":true,"
                            + "\"dtype\":\"float64\"}}")),
                ids)
            .get(0);
    KerasTensor s =
        KerasTensor.apply(
                Bidirectional.of(
                    GRU.builder().units(2).returnSequences(true).dtype("float64").build()),
                e)
            .get(0);
    KerasTensor p = KerasTensor.apply(org.birnn.layers.pooling.GlobalPooling1D.max(), s).get(0);
    KerasTensor y =
        KerasTensor.apply(
                Dense.builder().units(3).activation(Activation.SOFTMAX).dtype("float64").build(), p)
            .get(0);
    Model model = Model.of(List.of(ids), List.of(y));
    model.compile("sparse_categorical_crossentropy", "sgd");
    INDArray x =
        Nd4j.create(new double[][] {{1, 4, 2, 0, 0, 0}, {6, 5, 3, 2, 1, 0}, {3, 3, 0, 0, 0, 0}});
    INDArray labels = Nd4j.create(new double[] {0, 2, 1});
    model.computeGradients(List.of(x), labels);
    INDArray analytic = model.gradients().dup();
    INDArray params = model.parameters();
    Random r = new Random(1);
    for (int k = 0; k < 80; k++) {
      long i = r.nextInt((int) params.length());
      double orig = params.getDouble(i);
      params.putScalar(i, orig + 1e-6);
      double plus = model.evaluate(List.of(x), labels, 8).get("loss");
      params.putScalar(i, orig - 1e-6);
      double minus = model.evaluate(List.of(x), labels, 8).get("loss");
      params.putScalar(i, orig);
      double numeric = (plus - minus) / 2e-6;
      double a = analytic.getDouble(i);
      assertTrue(
          Math.abs(a - numeric) <= 1e-7 + 1e-5 * (Math.abs(a) + Math.abs(numeric)),
          "parameter " + i + ": analytic " + a + ", numeric " + numeric);
    }
    assertEquals(DataType.DOUBLE, params.dataType());
    assertEquals(
        0.0,
        analytic.get(NDArrayIndex.interval(0, 3)).norm1Number().doubleValue(),
        0.0,
        "the padding embedding row 0 gets no gradient through masked steps of max pooling");
  }
}
