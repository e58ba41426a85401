package org.birnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.birnn.layers.LayerCall;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs every golden fixture (the test resources' {@code conformance/bidirectional}, or {@code
 * -Dconformance.dir}) as one dynamic test named by the fixture id.
 *
 * <p>Each fixture is checked on every sequence kernel: the reference loop and, where its natives
 * load, oneDNN (which hands the configurations it cannot compute back to the reference).
 */
class KerasConformanceTest {

  @TestFactory
  Stream<DynamicTest> everyFixtureInTheConformanceDirectory() throws IOException {
    Path dir = Fixtures.directory();
    assertTrue(
        Files.isDirectory(dir), "conformance.dir is not a directory: " + dir.toAbsolutePath());
    List<Path> files = Fixtures.files(dir);
    assertFalse(files.isEmpty(), "no *.json fixtures in " + dir.toAbsolutePath());
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : files) {
      JsonNode fx = Fixtures.read(f);
      String id = fx.path("id").asText(f.getFileName().toString());
      tests.add(DynamicTest.dynamicTest(id, f.toUri(), () -> runOnEveryKernel(fx)));
    }
    return tests.stream();
  }

  private static void runOnEveryKernel(JsonNode fx) {
    List<String> kernels = new ArrayList<>(List.of("reference"));
    if (Kernels.oneDnnAvailable()) {
      kernels.add("onednn");
    }
    String before = System.getProperty("birnn.kernel");
    try {
      for (String kernel : kernels) {
        System.setProperty("birnn.kernel", kernel); // read when the fixture's layers are built
        try {
          run(fx);
        } catch (AssertionError e) {
          throw new AssertionError("kernel " + kernel + ": " + e.getMessage(), e);
        }
      }
    } finally {
      if (before == null) {
        System.clearProperty("birnn.kernel");
      } else {
        System.setProperty("birnn.kernel", before);
      }
    }
  }

  private static void run(JsonNode fx) {
    String kind = fx.path("kind").asText();
    switch (kind) {
      case "layer":
        checkLayer(fx);
        break;
      case "error":
        checkError(fx);
        break;
      case "model":
        ModelFixtureCheck.check(fx);
        break;
      default:
        throw new AssertionError("unknown fixture kind '" + kind + "'");
    }
  }

  static void checkLayer(JsonNode fx) {
    Bidirectional bi = Bidirectional.fromConfig(fx.get("config").get("config"));
    bi.setWeights(Fixtures.tensors(fx.get("weights")));
    INDArray x = Fixtures.tensor(fx.get("input"));
    INDArray mask = fx.hasNonNull("mask") ? Fixtures.mask(fx.get("mask")) : null;
    List<INDArray> init =
        fx.hasNonNull("initial_state") ? Fixtures.tensors(fx.get("initial_state")) : null;
    LayerCall out = bi.call(x, mask, init, false);

    Fixtures.Tolerance outTol = Fixtures.Tolerance.of(fx, "outputs", 1e-5, 1e-4);
    JsonNode expected = fx.get("expected_outputs");
    assertEquals(expected.size(), out.outputs().size(), "number of returned tensors");
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      Fixtures.assertClose(
          "output " + i + " (" + e.path("name").asText() + ")",
          Fixtures.tensor(e),
          out.outputs().get(i),
          outTol);
    }

    if (!fx.hasNonNull("gradients")) {
      return;
    }
    LayerCall.Gradients g = out.backward(Fixtures.tensors(fx.get("upstream")));
    Fixtures.Tolerance gTol = Fixtures.Tolerance.of(fx, "gradients", 1e-4, 1e-3);
    JsonNode eg = fx.get("gradients");
    Fixtures.assertClose("d input", Fixtures.tensor(eg.get("input")), g.input(), gTol);
    JsonNode ew = eg.get("weights");
    assertEquals(ew.size(), g.weights().size(), "number of weight gradients");
    for (int i = 0; i < ew.size(); i++) {
      Fixtures.assertClose(
          "d " + ew.get(i).path("name").asText(),
          Fixtures.tensor(ew.get(i)),
          g.weights().get(i),
          gTol);
    }
    if (eg.hasNonNull("initial_state")) {
      JsonNode es = eg.get("initial_state");
      assertEquals(es.size(), g.initialStates().size(), "number of initial-state gradients");
      for (int i = 0; i < es.size(); i++) {
        Fixtures.assertClose(
            "d initial_state " + i, Fixtures.tensor(es.get(i)), g.initialStates().get(i), gTol);
      }
    }
  }

  private static void checkError(JsonNode fx) {
    JsonNode err = fx.get("expected_error");
    assertEquals("construction", err.path("stage").asText("construction"), "error stage");
    // Keras's ValueError is IllegalArgumentException here; the message text is informative.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Bidirectional.fromConfig(fx.get("config").get("config")),
            "expected the equivalent of Keras " + err.path("type").asText());
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "error message is empty");
  }

  /** Kind {@code model}: softmax outputs, initial gradients, SGD losses and final weights. */
  static final class ModelFixtureCheck {
    static void check(JsonNode fx) {
      org.birnn.layers.models.Sequential model =
          org.birnn.layers.models.ModelJson.fromJson(fx.get("config"));
      List<INDArray> weights = Fixtures.tensors(fx.get("weights"));
      model.setWeights(weights);
      INDArray x = Fixtures.tensor(fx.get("input"));
      Fixtures.Tolerance outTol = Fixtures.Tolerance.of(fx, "outputs", 1e-5, 1e-4);
      Fixtures.assertClose(
          "softmax output",
          Fixtures.tensor(fx.get("expected_outputs").get(0)),
          model.predict(x),
          outTol);

      JsonNode tr = fx.get("training");
      JsonNode opt = tr.get("optimizer");
      assertEquals("SGD", opt.path("class_name").asText(), "fixture optimizer");
      org.birnn.layers.optimizers.Optimizer sgd =
          org.birnn.layers.optimizers.Optimizer.fromJson(opt);
      model.compile(org.birnn.layers.losses.Loss.get(tr.path("loss").asText()), sgd, List.of());
      INDArray y = Fixtures.tensor(tr.get("targets"));
      Fixtures.Tolerance tTol = Fixtures.Tolerance.of(fx, "training", 1e-4, 1e-3);
      Fixtures.Tolerance gTol = Fixtures.Tolerance.of(fx, "gradients", 1e-4, 1e-3);

      double initial = model.computeGradients(List.of(x), y);
      JsonNode eg = tr.get("initial_gradients");
      long[] offsets = model.weightOffsets();
      assertEquals(eg.size(), offsets.length - 1, "number of weight gradients");
      for (int i = 0; i < eg.size(); i++) {
        INDArray expected = Fixtures.tensor(eg.get(i));
        INDArray got =
            model
                .gradients()
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offsets[i], offsets[i + 1]))
                .reshape('c', expected.shape());
        Fixtures.assertClose(
            "initial gradient " + eg.get(i).path("name").asText(), expected, got, gTol);
      }
      JsonNode losses = tr.get("losses");
      int steps = tr.path("steps").asInt();
      assertClose("loss 0", losses.get(0).asDouble(), initial, tTol);
      for (int s = 0; s < steps; s++) {
        double l = model.trainOnBatch(x, y);
        assertClose("loss " + s, losses.get(s).asDouble(), l, tTol);
      }
      assertClose(
          "loss " + steps,
          losses.get(steps).asDouble(),
          model.computeGradients(List.of(x), y),
          tTol);
      JsonNode fw = tr.get("final_weights");
      List<INDArray> got = model.getWeights();
      for (int i = 0; i < fw.size(); i++) {
        Fixtures.assertClose(
            "final " + fw.get(i).path("name").asText(),
            Fixtures.tensor(fw.get(i)),
            got.get(i),
            tTol);
      }
    }

    private static void assertClose(
        String what, double expected, double actual, Fixtures.Tolerance t) {
      if (!(Math.abs(actual - expected) <= t.atol() + t.rtol() * Math.abs(expected))) {
        throw new AssertionError(what + ": " + actual + ", expected " + expected);
      }
    }
  }
}
