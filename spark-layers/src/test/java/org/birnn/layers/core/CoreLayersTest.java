package org.birnn.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.birnn.layers.GradientCheck;
import org.birnn.layers.LayerCall;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.pooling.GlobalPooling1D;
import org.birnn.layers.regularization.Dropout;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Masking, Dropout, Embedding and the losses: values worked out by hand. */
class CoreLayersTest {

  @Test
  void maskingZeroesAndMasksPaddedStepsForTheLayersAfterIt() {
    INDArray x =
        Nd4j.create(new float[] {1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 5, 6}, new long[] {2, 3, 2}, 'c');
    LayerCall c = Masking.of(0.0).forward(List.of(x), null, false);
    assertEquals(
        Nd4j.create(new boolean[][] {{true, false, true}, {false, false, true}}),
        c.outputMasks().get(0));
    assertEquals(x, c.outputs().get(0));
    // The mask reaches a Bidirectional layer: its output keeps it, and masked steps are 0.
    Bidirectional bi = Bidirectional.of(GRU.builder().units(2).returnSequences(true).build());
    LayerCall b = bi.forward(c.outputs(), c.outputMasks(), false);
    assertEquals(c.outputMasks().get(0), b.outputMasks().get(0));
    assertEquals(
        0.0,
        b.outputs()
            .get(0)
            .get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all())
            .norm1Number()
            .doubleValue(),
        0.0);
    assertEquals(
        0.0,
        Masking.of(-1)
                .forward(List.of(x), null, false)
                .outputMasks()
                .get(0)
                .castTo(DataType.DOUBLE)
                .sumNumber()
                .doubleValue()
            - 6,
        0.0);
  }

  @Test
  void maskingZeroesPaddedStepsInOutputAndGradientAndComparesInLayerPrecision() {
    // Padding value 0.1 (float32): steps (0, 1) and (1, 0) are padding, their outputs become 0.
    INDArray x =
        Nd4j.create(
            new float[] {1, 2, 0.1f, 0.1f, 3, 0.1f, 0.1f, 0.1f, 0.1f, 4, 5, 6},
            new long[] {2, 3, 2},
            'c');
    LayerCall c = Masking.of(0.1).forward(List.of(x), null, false);
    assertEquals(
        Nd4j.create(new boolean[][] {{true, false, true}, {false, true, true}}),
        c.outputMasks().get(0));
    assertEquals(
        Nd4j.create(new float[] {1, 2, 0, 0, 3, 0.1f, 0, 0, 0.1f, 4, 5, 6}, new long[] {2, 3, 2}),
        c.outputs().get(0));
    INDArray dy = Nd4j.ones(DataType.FLOAT, 2, 3, 2);
    assertEquals(
        Nd4j.create(new float[] {1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1}, new long[] {2, 3, 2}),
        c.backward(List.of(dy)).inputs().get(0));
    // The input is not modified.
    assertEquals(0.1f, x.getFloat(0, 1, 0), 0f);
  }

  @Test
  void embeddingMasksPaddingIdsAndRejectsOutOfRangeIds() {
    Embedding e = Embedding.of(5, 3, true);
    INDArray ids = Nd4j.create(new double[][] {{1, 4, 0}});
    LayerCall c = e.forward(List.of(ids), null, false);
    assertArrayEquals(new long[] {1, 3, 3}, c.outputs().get(0).shape());
    assertEquals(Nd4j.create(new boolean[][] {{true, true, false}}), c.outputMasks().get(0));
    assertEquals(
        e.getWeights().get(0).getRow(4),
        c.outputs()
            .get(0)
            .get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> e.forward(List.of(Nd4j.create(new double[][] {{1, 5}})), null, false));
    assertTrue(
        bad.getMessage().contains("token ids must be integers in [0, 5); received 5.0"),
        bad.getMessage());
    assertEquals(
        KerasJson.write(e.getConfig()),
        KerasJson.write(Embedding.fromConfig(e.getConfig()).getConfig()));
  }

  @Test
  void dropoutScalesKeptEntriesOnlyInTraining() {
    Dropout d = Dropout.builder().rate(0.25).seed(3L).build();
    INDArray x = Nd4j.ones(DataType.FLOAT, 400, 10);
    INDArray y = d.forward(List.of(x), null, true).outputs().get(0);
    double kept = y.gt(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / 4000;
    assertTrue(Math.abs(kept - 0.75) < 0.03, "kept fraction " + kept);
    assertEquals(4000 * 1.0, y.sumNumber().doubleValue(), 4000 * 0.05, "expectation preserved");
    assertEquals(x, d.forward(List.of(x), null, false).outputs().get(0));
    assertThrows(IllegalArgumentException.class, () -> Dropout.of(1.0));
  }

  @Test
  void lossesMatchKerasFormulas() {
    INDArray p = Nd4j.create(new double[][] {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}});
    INDArray t = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}});
    double cce = -(Math.log(0.7) + Math.log(0.8)) / 2;
    assertEquals(cce, Loss.get("categorical_crossentropy").compute(t, p, null).value(), 1e-12);
    assertEquals(
        cce,
        Loss.get("sparse_categorical_crossentropy")
            .compute(Nd4j.create(new double[] {0, 2}), p, null)
            .value(),
        1e-12);
    INDArray z = Nd4j.create(new double[][] {{2.0, -1.0, 0.5}});
    double lse = Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5));
    assertEquals(
        lse - 2.0,
        new Loss(Loss.Kind.CATEGORICAL_CROSSENTROPY, true)
            .compute(Nd4j.create(new double[][] {{1, 0, 0}}), z, null)
            .value(),
        1e-12);
    INDArray pb = Nd4j.create(new double[][] {{0.9, 0.2}});
    INDArray tb = Nd4j.create(new double[][] {{1, 0}});
    assertEquals(
        -(Math.log(0.9) + Math.log(0.8)) / 2,
        Loss.get("binary_crossentropy").compute(tb, pb, null).value(),
        1e-12);
    double sig = 1 / (1 + Math.exp(-0.3));
    assertEquals(
        -(Math.log(sig) + Math.log(1 - 1 / (1 + Math.exp(1.2)))) / 2,
        new Loss(Loss.Kind.BINARY_CROSSENTROPY, true)
            .compute(tb, Nd4j.create(new double[][] {{0.3, -1.2}}), null)
            .value(),
        1e-12);
    assertEquals((0.01 + 0.04) / 2, Loss.get("mse").compute(tb, pb, null).value(), 1e-12);
    // Probabilities are clipped to [1e-7, 1 - 1e-7] as in Keras.
    assertEquals(
        -Math.log(1e-7),
        Loss.get("categorical_crossentropy")
            .compute(
                Nd4j.create(new double[][] {{0, 1}}), Nd4j.create(new double[][] {{1, 0}}), null)
            .value(),
        1e-9);
    // A mask averages over kept entries only.
    INDArray mask = Nd4j.create(new double[] {1, 0});
    assertEquals(
        -Math.log(0.7) / (1 + 1e-7),
        Loss.get("categorical_crossentropy").compute(t, p, mask).value(),
        1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Loss.get("hinge"));
    assertTrue(e.getMessage().contains("Unknown loss 'hinge'"));
  }

  @Test
  void lossGradientsMatchFiniteDifferences() {
    java.util.Random r = new java.util.Random(4);
    for (Loss loss :
        List.of(
            Loss.get("categorical_crossentropy"),
            new Loss(Loss.Kind.CATEGORICAL_CROSSENTROPY, true),
            Loss.get("binary_crossentropy"),
            new Loss(Loss.Kind.BINARY_CROSSENTROPY, true),
            Loss.get("mse"))) {
      INDArray p = GradientCheck.random(new long[] {3, 4}, r);
      if (!loss.fromLogits() && loss.kind() != Loss.Kind.MEAN_SQUARED_ERROR) {
        p = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(p, true);
      }
      INDArray t = Nd4j.create(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}});
      INDArray mask = Nd4j.create(new double[] {1, 0, 1});
      final INDArray pred = p;
      GradientCheck.check(
          loss.kerasName() + (loss.fromLogits() ? " logits" : ""),
          pred,
          loss.compute(t, pred, mask).gradient(),
          v -> loss.compute(t, pred, mask).value());
    }
    INDArray ids = Nd4j.create(new double[] {0, 1, 3});
    INDArray mask = Nd4j.create(new double[] {1, 0, 1});
    for (boolean logits : new boolean[] {false, true}) {
      Loss loss = new Loss(Loss.Kind.SPARSE_CATEGORICAL_CROSSENTROPY, logits);
      INDArray p = GradientCheck.random(new long[] {3, 4}, r);
      final INDArray pred = logits ? p : org.nd4j.linalg.ops.transforms.Transforms.sigmoid(p, true);
      GradientCheck.check(
          "sparse_categorical_crossentropy" + (logits ? " logits" : ""),
          pred,
          loss.compute(ids, pred, mask).gradient(),
          v -> loss.compute(ids, pred, mask).value());
    }
  }

  @Test
  void globalAveragePoolingIgnoresMaskedSteps() {
    INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 100, 100}, new long[] {1, 3, 2}, 'c');
    INDArray mask = Nd4j.create(new boolean[][] {{true, true, false}});
    LayerCall c = GlobalPooling1D.average().forward(List.of(x), List.of(mask), false);
    assertEquals(Nd4j.create(new double[][] {{2, 3}}), c.outputs().get(0));
    assertNull(c.outputMasks().get(0));
    LayerCall m = GlobalPooling1D.max().forward(List.of(x), List.of(mask), false);
    assertEquals(Nd4j.create(new double[][] {{3, 4}}), m.outputs().get(0));
  }
}
