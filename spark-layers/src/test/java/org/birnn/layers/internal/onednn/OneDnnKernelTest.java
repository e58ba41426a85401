package org.birnn.layers.internal.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.internal.RecurrentLoop;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.GruCell;
import org.birnn.layers.rnn.cells.LstmCell;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.cells.SimpleRnnCell;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The oneDNN kernel against the reference loop: same outputs, final states and every gradient to
 * 1e-5 of each element or of a tenth of the array's largest, for each cell oneDNN takes, with and
 * without bias, and for every mask shape it takes.
 */
class OneDnnKernelTest {
  private static final double TOLERANCE = 1e-5;

  @BeforeAll
  static void needsOneDnn() {
    assumeTrue(
        OneDnnRuntime.available(),
        () -> "oneDNN unavailable: " + OneDnnRuntime.unavailableReason());
  }

  private static List<RecurrentCell> cells(int u) {
    return List.of(
        new LstmCell(u, Activation.TANH, Activation.SIGMOID),
        new GruCell(u, Activation.TANH, Activation.SIGMOID, true),
        new GruCell(u, Activation.TANH, Activation.SIGMOID, false),
        new SimpleRnnCell(u, Activation.TANH),
        new SimpleRnnCell(u, Activation.RELU),
        new SimpleRnnCell(u, Activation.SIGMOID));
  }

  /**
   * Masks in processing order {@code [T, batch]}: none, right and left padding, empty rows, and
   * padding on every row (the packed runs then end before the padded length).
   */
  private static Stream<String> maskKinds() {
    return Stream.of("none", "ones", "right", "left", "empty-row", "short", "short-left");
  }

  @TestFactory
  Stream<DynamicTest> equalsReference() {
    List<DynamicTest> tests = new ArrayList<>();
    for (RecurrentCell cell : cells(5)) {
      for (boolean bias : new boolean[] {true, false}) {
        maskKinds()
            .forEach(
                maskKind -> {
                  for (boolean zeroOutput : new boolean[] {true, false}) {
                    String name =
                        describe(cell)
                            + (bias ? "" : " no-bias")
                            + " mask="
                            + maskKind
                            + (zeroOutput ? " zero-output" : "");
                    tests.add(
                        DynamicTest.dynamicTest(
                            name, () -> compare(cell, bias, maskKind, zeroOutput, name)));
                  }
                });
      }
    }
    return tests.stream();
  }

  private static String describe(RecurrentCell cell) {
    String base = cell.getClass().getSimpleName();
    if (cell instanceof GruCell g) {
      return base + (g.resetAfter() ? " reset_after" : " reset_before");
    }
    if (cell instanceof SimpleRnnCell r) {
      return base + " " + r.activation().kerasName();
    }
    return base;
  }

  private static void compare(
      RecurrentCell cell, boolean useBias, String maskKind, boolean zero, String name) {
    Random rng = new Random(name.hashCode());
    int t = 11;
    int b = 4;
    int f = 3;
    int u = cell.units();
    int gu = cell.gates() * u;
    boolean lbr = cell instanceof GruCell g && g.resetAfter();
    INDArray bias = null;
    if (useBias) {
      bias = lbr ? random(rng, 2, gu) : random(rng, gu);
    }
    CellWeights w =
        new CellWeights(random(rng, f, gu).muli(0.6), random(rng, u, gu).muli(0.6), bias);
    INDArray xs = random(rng, t, b, f);
    INDArray mask = mask(maskKind, t, b);
    boolean ragged = mask != null && !RaggedBatch.of(mask).dense();
    boolean allStates = !(ragged && cell.stateCount() > 1);
    List<INDArray> init = new ArrayList<>();
    for (int s = 0; s < cell.stateCount(); s++) {
      init.add(random(rng, b, u));
    }
    SequenceKernel.Input in =
        new SequenceKernel.Input(xs, mask, init, w, null, null, zero, true, allStates);
    assertNull(OneDnnKernel.ineligibility(cell, in), name);
    SequenceKernel.Forward ref = RecurrentLoop.INSTANCE.forward(cell, in);
    SequenceKernel.Forward fast = OneDnnKernel.INSTANCE.forward(cell, in);
    close(name + " emitted", ref.emitted(), fast.emitted());
    for (int s = 0; s < cell.stateCount(); s++) {
      if (s == 0 || allStates) {
        close(name + " final state " + s, ref.finalStates().get(s), fast.finalStates().get(s));
      }
    }
    INDArray dE = random(rng, t, b, u);
    List<INDArray> dS = new ArrayList<>();
    for (int s = 0; s < cell.stateCount(); s++) {
      dS.add(s == 0 || allStates ? random(rng, b, u) : null);
    }
    SequenceKernel.Gradients gr = RecurrentLoop.INSTANCE.backward(ref, dE, dS);
    SequenceKernel.Gradients gf = OneDnnKernel.INSTANCE.backward(fast, dE, dS);
    close(name + " d xs", gr.dxs(), gf.dxs());
    close(name + " d kernel", gr.dWeights().kernel(), gf.dWeights().kernel());
    close(name + " d recurrent", gr.dWeights().recurrentKernel(), gf.dWeights().recurrentKernel());
    if (useBias) {
      close(name + " d bias", gr.dWeights().bias(), gf.dWeights().bias());
    }
    for (int s = 0; s < cell.stateCount(); s++) {
      close(name + " d initial state " + s, gr.dInitialStates().get(s), gf.dInitialStates().get(s));
    }
  }

  private static INDArray mask(String kind, int t, int b) {
    if (kind.equals("none")) {
      return null;
    }
    INDArray m = Nd4j.ones(DataType.FLOAT, t, b);
    int[] lengths = kind.startsWith("short") ? new int[] {5, 3, 1, 2} : new int[] {t, 3, 1, 5};
    for (int j = 0; j < b; j++) {
      int len =
          switch (kind) {
            case "ones" -> t;
            case "empty-row" -> j == 2 ? 0 : lengths[j];
            default -> lengths[j];
          };
      for (int s = 0; s < t; s++) {
        boolean kept = kind.endsWith("left") ? s >= t - len : s < len;
        m.putScalar(s, j, kept ? 1 : 0);
      }
    }
    return m;
  }

  @Test
  void viewWeightsAreReadInPlaceAndStridedOnesCopiedThenFreed() {
    // A compiled model's weights are row-major views of one flat vector: oneDNN reads them where
    // they lie. Weights it cannot read in place (a transposed view) get dense copies, which the
    // tape frees after the backward pass, so they do not pile up until the next collection; the
    // weights' own buffers are never touched or closed.
    RecurrentCell lstm = new LstmCell(4, Activation.TANH, Activation.SIGMOID);
    INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 3 * 16 + 4 * 16 + 16 + 5);
    INDArray before = flat.dup();
    CellWeights views =
        new CellWeights(
            flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 53)).reshape(3, 16),
            flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(53, 117)).reshape(4, 16),
            flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(117, 133)));
    INDArray xs = Nd4j.rand(DataType.FLOAT, 6, 2, 3);
    List<INDArray> init =
        List.of(Nd4j.zeros(DataType.FLOAT, 2, 4), Nd4j.zeros(DataType.FLOAT, 2, 4));
    INDArray dOut = Nd4j.rand(DataType.FLOAT, 6, 2, 4);
    OneDnnKernel.PlainTape fwd =
        (OneDnnKernel.PlainTape)
            OneDnnKernel.INSTANCE.forward(
                lstm, new SequenceKernel.Input(xs, null, init, views, null, null, false));
    assertSame(views.kernel(), fwd.tape.kernel, "a row-major view is read in place");
    assertSame(views.recurrentKernel(), fwd.tape.recurrent);
    INDArray emitted = fwd.emitted().dup();
    SequenceKernel.Gradients g = OneDnnKernel.INSTANCE.backward(fwd, dOut, null);
    fwd.release();
    assertFalse(views.kernel().wasClosed() || views.recurrentKernel().wasClosed());
    assertEquals(before, flat, "the weights' own buffer is untouched");

    // The same weights as dense arrays of their own give the same outputs and gradients.
    CellWeights dense =
        new CellWeights(views.kernel().dup(), views.recurrentKernel().dup(), views.bias().dup());
    OneDnnKernel.PlainTape plain =
        (OneDnnKernel.PlainTape)
            OneDnnKernel.INSTANCE.forward(
                lstm, new SequenceKernel.Input(xs, null, init, dense, null, null, false));
    assertEquals(emitted, plain.emitted());
    SequenceKernel.Gradients gd = OneDnnKernel.INSTANCE.backward(plain, dOut, null);
    assertEquals(gd.dxs(), g.dxs());
    assertEquals(gd.dWeights().kernel(), g.dWeights().kernel());
    assertEquals(gd.dWeights().recurrentKernel(), g.dWeights().recurrentKernel());
    plain.release();

    // A transposed view cannot be read in place: it is copied, and the copy freed after backward.
    CellWeights strided =
        new CellWeights(
            views.kernel().dup().transpose().dup('c').transpose(),
            views.recurrentKernel(),
            views.bias());
    OneDnnKernel.PlainTape copied =
        (OneDnnKernel.PlainTape)
            OneDnnKernel.INSTANCE.forward(
                lstm, new SequenceKernel.Input(xs, null, init, strided, null, null, false));
    INDArray kernelCopy = copied.tape.kernel;
    assertTrue(kernelCopy != strided.kernel() && !kernelCopy.wasClosed(), "a dense copy was made");
    assertEquals(emitted, copied.emitted());
    OneDnnKernel.INSTANCE.backward(copied, dOut, null);
    assertTrue(kernelCopy.wasClosed(), "freed after backward");
    copied.release();
    assertFalse(strided.kernel().wasClosed());
  }

  @Test
  void theReferenceRunsWhatOneDnnCannot() {
    RecurrentCell lstm = new LstmCell(2, Activation.TANH, Activation.SIGMOID);
    CellWeights w =
        new CellWeights(Nd4j.rand(DataType.FLOAT, 3, 8), Nd4j.rand(DataType.FLOAT, 2, 8), null);
    INDArray xs = Nd4j.rand(DataType.FLOAT, 4, 2, 3);
    List<INDArray> init =
        List.of(Nd4j.zeros(DataType.FLOAT, 2, 2), Nd4j.zeros(DataType.FLOAT, 2, 2));
    INDArray holes = Nd4j.ones(DataType.FLOAT, 4, 2);
    holes.putScalar(1, 0, 0);
    assertTrue(
        OneDnnKernel.ineligibility(
                lstm, new SequenceKernel.Input(xs, holes, init, w, null, null, false))
            .contains("contiguous"));
    INDArray[] drop = {Nd4j.ones(DataType.FLOAT, 2, 3)};
    assertEquals(
        "dropout masks",
        OneDnnKernel.ineligibility(
            lstm, new SequenceKernel.Input(xs, null, init, w, drop, null, false)));
    INDArray right = Nd4j.ones(DataType.FLOAT, 4, 2);
    right.putScalar(3, 1, 0);
    assertTrue(
        OneDnnKernel.ineligibility(
                lstm, new SequenceKernel.Input(xs, right, init, w, null, null, false))
            .contains("return_state"));
    assertNull(
        OneDnnKernel.ineligibility(
            lstm, new SequenceKernel.Input(xs, right, init, w, null, null, false, true, false)));
    SequenceKernel.Input doubles =
        new SequenceKernel.Input(
            xs.castTo(DataType.DOUBLE),
            null,
            List.of(init.get(0).castTo(DataType.DOUBLE), init.get(1).castTo(DataType.DOUBLE)),
            new CellWeights(
                w.kernel().castTo(DataType.DOUBLE),
                w.recurrentKernel().castTo(DataType.DOUBLE),
                null),
            null,
            null,
            false);
    assertTrue(OneDnnKernel.ineligibility(lstm, doubles).contains("float32"));
    RecurrentCell hard = new LstmCell(2, Activation.TANH, Activation.HARD_SIGMOID);
    SequenceKernel.Input plain = new SequenceKernel.Input(xs, null, init, w, null, null, false);
    assertNotNull(OneDnnKernel.ineligibility(hard, plain));
    // What it cannot run, it hands to the reference: identical numbers.
    close(
        "fallback",
        RecurrentLoop.INSTANCE.forward(hard, plain).emitted(),
        OneDnnKernel.INSTANCE.forward(hard, plain).emitted());
  }

  private static INDArray random(Random rng, long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, (float) (rng.nextGaussian()));
    }
    return a;
  }

  static void close(String what, INDArray expected, INDArray actual) {
    assertEquals(
        java.util.Arrays.toString(expected.shape()),
        java.util.Arrays.toString(actual.shape()),
        what);
    // A gradient element is a float32 sum over time and batch whose terms can be as large as the
    // array's largest element and cancel to a small result, so its rounding error follows that
    // scale, not its own size; oneDNN's summation order differs by instruction set (a Sapphire
    // Rapids machine put a recurrent-kernel gradient reaching 44 1.8e-5 from the reference loop
    // by the old per-element measure). A wrong mask or gate moves elements by 1e-2 and more.
    double scale = Math.max(1, expected.amaxNumber().doubleValue() / 10);
    double worst = 0;
    for (long i = 0; i < expected.length(); i++) {
      double e = expected.getDouble(i);
      double a = actual.getDouble(i);
      worst = Math.max(worst, Math.abs(e - a) / Math.max(scale, Math.abs(e)));
    }
    assertTrue(worst <= TOLERANCE, what + ": worst difference " + worst + " > " + TOLERANCE);
  }
}
