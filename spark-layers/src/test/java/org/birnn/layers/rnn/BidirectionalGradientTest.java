package org.birnn.layers.rnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.birnn.layers.GradientCheck;
import org.birnn.layers.LayerCall;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.internal.RecurrentLoop;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.GruCell;
import org.birnn.layers.rnn.cells.LstmCell;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.cells.SimpleRnnCell;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.birnn.layers.saving.LayerRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks (float64) of every gradient the layers return. */
class BidirectionalGradientTest {

  /** A random configuration: cell, merge mode, mask, states, sequences, bias, custom backward. */
  record Case(
      int seed,
      CellType cell,
      boolean resetAfter,
      MergeMode merge,
      String maskKind,
      boolean returnSequences,
      boolean returnState,
      boolean initialState,
      boolean useBias,
      boolean customBackward) {
    @Override
    public String toString() {
      return cell
          + (cell == CellType.GRU ? (resetAfter ? "(reset_after)" : "(reset_before)") : "")
          + " "
          + merge
          + " mask="
          + maskKind
          + " seq="
          + returnSequences
          + " state="
          + returnState
          + " init="
          + initialState
          + " bias="
          + useBias
          + " customBwd="
          + customBackward
          + " seed="
          + seed;
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    CellType[] cells = {CellType.LSTM, CellType.GRU, CellType.GRU, CellType.SIMPLE_RNN};
    String[] masks = {"none", "right", "holes"};
    Random r = new Random(20261124);
    int i = 0;
    // Every cell variant meets every merge mode and every mask kind; the rest is random.
    for (int c = 0; c < cells.length; c++) {
      for (MergeMode m : MergeMode.values()) {
        String mask = masks[(c + m.ordinal()) % masks.length];
        cases.add(
            new Case(
                i++,
                cells[c],
                c == 1,
                m,
                mask,
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextInt(4) != 0,
                r.nextInt(3) == 0));
      }
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> everyGradientMatchesFiniteDifferences() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
  }

  private static RecurrentBuilder<RecurrentConfig> sub(
      Case c, int units, Activation act, boolean back) {
    RecurrentBuilder<RecurrentConfig> b =
        RecurrentConfig.builder(c.cell)
            .units(units)
            .dtype("float64")
            .activation(act)
            .useBias(c.useBias)
            .returnSequences(c.returnSequences)
            .returnState(c.returnState)
            .goBackwards(back)
            .biasInitializer(Initializer.randomNormal(0, 0.5, null));
    if (c.cell == CellType.GRU) {
      b.resetAfter(c.resetAfter);
    }
    return b;
  }

  static void check(Case c) {
    Random rng = new Random(c.seed);
    int batch = 2;
    int time = 4;
    int features = 3;
    int units = 2;
    RecurrentLayer layer =
        LayerRegistry.fromConfig(
            c.cell.className(),
            sub(c, units, Activation.TANH, false).build().toJson(),
            RecurrentLayer.class);
    BidirectionalBuilder bb = Bidirectional.builder(layer).mergeMode(c.merge);
    if (c.customBackward) {
      int bu = c.merge.needsEqualUnits() ? units : units + 1;
      bb.backwardLayer(
          LayerRegistry.fromConfig(
              c.cell.className(),
              sub(c, bu, Activation.SOFTSIGN, true).build().toJson(),
              RecurrentLayer.class));
    }
    Bidirectional bi = bb.build();
    INDArray x = GradientCheck.random(new long[] {batch, time, features}, rng);
    bi.build(x.shape());
    INDArray mask = mask(c.maskKind, batch, time);
    List<INDArray> init = null;
    if (c.initialState) {
      init = new ArrayList<>();
      for (RecurrentLayer l : List.of(bi.forwardLayer(), bi.backwardLayer())) {
        for (int s = 0; s < l.stateCount(); s++) {
          init.add(GradientCheck.random(new long[] {batch, l.units()}, rng).muli(0.5));
        }
      }
    }
    final List<INDArray> initial = init;
    LayerCall out = bi.call(x, mask, initial, false);
    List<INDArray> up = GradientCheck.shapesLike(out.outputs(), rng);
    LayerCall.Gradients g = out.backward(up);
    java.util.function.Function<Void, Double> loss =
        v -> GradientCheck.dot(bi.call(x, mask, initial, false).outputs(), up);

    GradientCheck.check("d input", x, g.input(), loss);
    List<INDArray> weights = new ArrayList<>(bi.forwardLayer().weightArrays());
    weights.addAll(bi.backwardLayer().weightArrays());
    for (int i = 0; i < weights.size(); i++) {
      GradientCheck.check("d weight " + i, weights.get(i), g.weights().get(i), loss);
    }
    if (initial != null) {
      for (int i = 0; i < initial.size(); i++) {
        GradientCheck.check("d initial_state " + i, initial.get(i), g.initialStates().get(i), loss);
      }
    }
  }

  static INDArray mask(String kind, int batch, int time) {
    if (kind.equals("none")) {
      return null;
    }
    INDArray m = Nd4j.ones(DataType.DOUBLE, batch, time);
    if (kind.equals("right")) {
      m.putScalar(new long[] {1, time - 1}, 0);
      m.putScalar(new long[] {1, time - 2}, 0);
    } else {
      m.putScalar(new long[] {0, 1}, 0);
      m.putScalar(new long[] {1, 0}, 0);
      m.putScalar(new long[] {1, time - 1}, 0);
    }
    return m;
  }

  /** The kernel with per-gate input and recurrent dropout masks (Keras implementation 1). */
  @Test
  void dropoutMasksBackpropagateThroughEveryCell() {
    List<RecurrentCell> cells =
        List.of(
            new LstmCell(2, Activation.TANH, Activation.SIGMOID),
            new GruCell(2, Activation.TANH, Activation.SIGMOID, true),
            new GruCell(2, Activation.TANH, Activation.HARD_SIGMOID, false),
            new SimpleRnnCell(2, Activation.RELU));
    Random rng = new Random(7);
    for (RecurrentCell cell : cells) {
      for (boolean sharedInputMask : new boolean[] {true, false}) {
        int b = 2;
        int t = 3;
        int f = 3;
        int u = cell.units();
        int gu = cell.gates() * u;
        boolean gruAfter = cell == cells.get(1);
        INDArray bias =
            gruAfter
                ? GradientCheck.random(new long[] {2, gu}, rng)
                : GradientCheck.random(new long[] {gu}, rng);
        CellWeights w =
            new CellWeights(
                GradientCheck.random(new long[] {f, gu}, rng).muli(0.5),
                GradientCheck.random(new long[] {u, gu}, rng).muli(0.5),
                bias);
        INDArray xs = GradientCheck.random(new long[] {t, b, f}, rng);
        INDArray[] in = new INDArray[cell.gates()];
        INDArray[] rec = new INDArray[cell.gates()];
        for (int g = 0; g < in.length; g++) {
          in[g] = sharedInputMask && g > 0 ? in[0] : dropout(b, f, rng);
          rec[g] = dropout(b, u, rng);
        }
        List<INDArray> init = new ArrayList<>();
        for (int s = 0; s < cell.stateCount(); s++) {
          init.add(GradientCheck.random(new long[] {b, u}, rng));
        }
        INDArray mask = Nd4j.ones(DataType.DOUBLE, t, b);
        mask.putScalar(new long[] {1, 0}, 0);
        SequenceKernel.Input input = new SequenceKernel.Input(xs, mask, init, w, in, rec, false);
        SequenceKernel.Forward fwd = RecurrentLoop.INSTANCE.forward(cell, input);
        INDArray upE = GradientCheck.random(fwd.emitted().shape(), rng);
        List<INDArray> upS = GradientCheck.shapesLike(fwd.finalStates(), rng);
        SequenceKernel.Gradients g = RecurrentLoop.INSTANCE.backward(fwd, upE, upS);
        java.util.function.Function<Void, Double> loss =
            v -> {
              SequenceKernel.Forward r = RecurrentLoop.INSTANCE.forward(cell, input);
              return r.emitted().mul(upE).sumNumber().doubleValue()
                  + GradientCheck.dot(r.finalStates(), upS);
            };
        String what = cell.getClass().getSimpleName() + (sharedInputMask ? " shared" : " per-gate");
        GradientCheck.check(what + " d xs", xs, g.dxs(), loss);
        GradientCheck.check(what + " d kernel", w.kernel(), g.dWeights().kernel(), loss);
        GradientCheck.check(
            what + " d recurrent", w.recurrentKernel(), g.dWeights().recurrentKernel(), loss);
        GradientCheck.check(what + " d bias", w.bias(), g.dWeights().bias(), loss);
        for (int s = 0; s < init.size(); s++) {
          GradientCheck.check(what + " d state " + s, init.get(s), g.dInitialStates().get(s), loss);
        }
      }
    }
  }

  private static INDArray dropout(int rows, int cols, Random rng) {
    INDArray m = Nd4j.zeros(DataType.DOUBLE, rows, cols);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m.putScalar(new long[] {i, j}, rng.nextDouble() < 0.3 ? 0.0 : 1.0 / 0.7);
      }
    }
    return m;
  }

  @Test
  void activationDerivativesMatchFiniteDifferences() {
    INDArray z =
        Nd4j.create(new double[] {-3.5, -2.9, -1.2, -0.3, 0.4, 1.1, 2.6, 3.2}, new long[] {8});
    Random rng = new Random(3);
    for (Activation a : Activation.values()) {
      INDArray up = GradientCheck.random(new long[] {8}, rng);
      INDArray analytic = a.backward(z, a.forward(z), up);
      GradientCheck.check(
          a.name(), z, analytic, v -> a.forward(z).mul(up).sumNumber().doubleValue());
    }
  }
}
