package org.birnn.layers.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A CRF at the end of a bidirectional tagger: gradients, training, decoding, persistence. */
class CRFTest {
  /** Ids with 0 as padding, three sequences of lengths 5, 3 and 2. */
  private static final double[][] IDS = {{1, 4, 2, 5, 3}, {6, 5, 3, 0, 0}, {3, 3, 0, 0, 0}};

  private static final double[][] TAGS = {{0, 1, 2, 1, 0}, {2, 1, 0, 0, 0}, {1, 2, 0, 0, 0}};

  private static Model tagger(String dtype) {
    return Sequential.of(
        Input.shape(-1),
        Embedding.builder().inputDim(7).outputDim(3).maskZero(true).dtype(dtype).build(),
        Bidirectional.of(LSTM.builder().units(2).returnSequences(true).dtype(dtype).build()),
        Dense.builder().units(3).dtype(dtype).build(),
        CRF.builder().dtype(dtype).build());
  }

  @Test
  void wholeModelGradientMatchesFiniteDifferences() {
    Model model = tagger("float64");
    model.compile(Loss.get("crf_loss"), Optimizer.get("sgd", 0.1), List.of());
    INDArray x = Nd4j.create(IDS);
    INDArray y = Nd4j.create(TAGS);
    // Transitions start at zero; move them so their gradient is not trivially symmetric.
    model.computeGradients(List.of(x), y);
    INDArray params = model.parameters();
    Random r = new Random(3);
    long n = params.length();
    for (long i = n - 15; i < n; i++) {
      params.putScalar(i, r.nextGaussian());
    }
    model.computeGradients(List.of(x), y);
    INDArray analytic = model.gradients().dup();
    for (int k = 0; k < n; k++) {
      double orig = params.getDouble(k);
      params.putScalar(k, orig + 1e-6);
      double plus = model.evaluate(List.of(x), y, 8).get("loss");
      params.putScalar(k, orig - 1e-6);
      double minus = model.evaluate(List.of(x), y, 8).get("loss");
      params.putScalar(k, orig);
      double numeric = (plus - minus) / 2e-6;
      double a = analytic.getDouble(k);
      assertTrue(
          Math.abs(a - numeric) <= 1e-8 + 1e-5 * (Math.abs(a) + Math.abs(numeric)),
          "parameter " + k + ": analytic " + a + ", numeric " + numeric);
    }
    assertEquals(DataType.DOUBLE, params.dataType());
    assertTrue(
        analytic
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n - 15, n))
                .norm2Number()
                .doubleValue()
            > 1e-3);
  }

  @Test
  void learnsTheTrainingTagsAndDecodesThem() {
    Model model = tagger("float32");
    model.compile(Loss.get("crf_loss"), Optimizer.get("adam", 0.05), List.of("accuracy"));
    INDArray x = Nd4j.create(IDS).castTo(DataType.FLOAT);
    INDArray y = Nd4j.create(TAGS).castTo(DataType.FLOAT);
    double first = model.trainOnBatch(x, y);
    double last = first;
    for (int i = 0; i < 150; i++) {
      last = model.trainOnBatch(x, y);
    }
    assertTrue(last < first / 10, "loss " + first + " -> " + last);
    CRF crf = (CRF) model.layers().get(model.layers().size() - 1);
    INDArray emissions = model.predict(x);
    INDArray mask = x.neq(0.0);
    int[][] paths = crf.decode(emissions, mask);
    assertArrayEquals(new int[] {0, 1, 2, 1, 0}, paths[0]);
    assertArrayEquals(new int[] {2, 1, 0, 0, 0}, paths[1]);
    assertArrayEquals(new int[] {1, 2, 0, 0, 0}, paths[2]);
    INDArray marginals = crf.marginals(emissions, mask);
    assertEquals(
        1.0,
        marginals.getDouble(1, 2, 0) + marginals.getDouble(1, 2, 1) + marginals.getDouble(1, 2, 2),
        1e-5);
    assertEquals(
        0.0,
        marginals
            .get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(3))
            .sumNumber()
            .doubleValue(),
        0.0);
  }

  @Test
  void savesAndLoadsWithItsTransitions(@TempDir Path dir) throws Exception {
    Model model = tagger("float32");
    model.compile(Loss.get("crf_loss"), Optimizer.get("adam", 0.05), List.of());
    INDArray x = Nd4j.create(IDS).castTo(DataType.FLOAT);
    INDArray y = Nd4j.create(TAGS).castTo(DataType.FLOAT);
    for (int i = 0; i < 5; i++) {
      model.trainOnBatch(x, y);
    }
    String json = model.toJson();
    assertTrue(KerasJson.parse(json).toString().contains("\"class_name\":\"CRF\""), json);
    Path file = dir.resolve("tagger.birnn");
    ModelIO.save(model, file);
    Model back = ModelIO.load(file);
    assertEquals(json, back.toJson());
    List<INDArray> w = model.getWeights();
    List<INDArray> wb = back.getWeights();
    assertEquals(w.size(), wb.size());
    for (int i = 0; i < w.size(); i++) {
      assertEquals(w.get(i), wb.get(i), "weight " + i);
    }
    assertEquals(
        List.of(3L, 3L), List.of(w.get(w.size() - 3).shape()[0], w.get(w.size() - 3).shape()[1]));
    assertEquals(model.loss().kind(), back.loss().kind());
    assertTrue(Files.size(file) > 0);
  }

  @Test
  void crfLossNeedsACrfOutput() {
    Model plain =
        Sequential.of(Input.shape(-1), Embedding.of(7, 3, true), Dense.builder().units(3).build());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> plain.compile(Loss.get("crf_loss"), Optimizer.get("sgd", 0.1), List.of()));
    assertTrue(
        e.getMessage().startsWith("Loss crf_loss needs a model whose output layer is a CRF"),
        e.getMessage());
  }

  @Test
  void tagIdsMustMatchTheSteps() {
    Model model = tagger("float32");
    model.compile(Loss.get("crf_loss"), Optimizer.get("sgd", 0.1), List.of());
    INDArray x = Nd4j.create(IDS).castTo(DataType.FLOAT);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.trainOnBatch(x, Nd4j.zeros(DataType.FLOAT, 3, 4)));
    assertEquals(
        "crf_loss needs one tag id per step, shape [3, 5]; received targets of shape [3, 4]",
        e.getMessage());
  }
}
