package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.birnn.layers.utils.NativeMemory;
import org.birnn.layers.utils.RandomSeeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent loop shared by {@link LSTM}, {@link GRU} and {@link SimpleRNN}: Keras's {@code RNN}
 * layer. It alone owns {@code return_sequences}, {@code return_state}, {@code go_backwards}, {@code
 * stateful}, masking and dropout; the cell computes one step, and a {@link SequenceKernel} runs it
 * over time.
 *
 * <p>Shapes: input {@code [batch, time, features]}, mask {@code [batch, time]}, output {@code
 * [batch, time, units]} or {@code [batch, units]}, states {@code [batch, units]}. Weights, in Keras
 * order: {@code kernel [features, gates*units]}, {@code recurrent_kernel [units, gates*units]},
 * {@code bias} (absent with {@code use_bias=false}).
 *
 * <p>Dropout (training only, {@code 0 < rate < 1}) follows Keras: inverted masks drawn once per
 * call and reused at every step; with {@code recurrent_dropout > 0}, LSTM and GRU draw one input
 * and one recurrent mask per gate (Keras implementation 1).
 */
public abstract class RNN extends RecurrentLayer {
  /** The validated configuration. */
  protected final RecurrentConfig config;

  private final RecurrentCell cell;
  private final DataType dtype;
  private Random random;
  private SequenceKernel kernel = Kernels.defaultKernel();
  private long inputDim = -1;
  private CellWeights weights;
  private List<INDArray> storedStates;

  /** A layer running {@code cell} with {@code config}. */
  protected RNN(RecurrentConfig config, RecurrentCell cell) {
    this.config = config;
    this.cell = cell;
    this.dtype = Tensors.dataType(config.dtype());
    this.random = config.seed() != null ? new Random(config.seed()) : RandomSeeds.next();
  }

  /**
   * The recurrent layer of {@code config}'s cell type: an {@link LSTM}, {@link GRU} or {@link
   * SimpleRNN}.
   */
  public static RNN of(RecurrentConfig config) {
    return switch (config.cellType()) {
      case LSTM -> new LSTM(config);
      case GRU -> new GRU(config);
      case SIMPLE_RNN -> new SimpleRNN(config);
    };
  }

  /** The configuration. */
  public RecurrentConfig config() {
    return config;
  }

  @Override
  public String className() {
    return config.cellType().className();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public boolean goBackwards() {
    return config.goBackwards();
  }

  @Override
  public boolean returnSequences() {
    return config.returnSequences();
  }

  @Override
  public boolean returnState() {
    return config.returnState();
  }

  @Override
  public boolean stateful() {
    return config.stateful();
  }

  @Override
  public int units() {
    return config.units();
  }

  @Override
  public int stateCount() {
    return cell.stateCount();
  }

  @Override
  public ObjectNode getConfig() {
    return config.toJson();
  }

  @Override
  public RecurrentLayer withConfig(ObjectNode config) {
    return of(RecurrentConfig.fromJson(config().cellType(), config));
  }

  /**
   * The cell and weights for {@link Bidirectional}'s fused inference pass, or {@code null} when
   * this layer must run on its own (another kernel, states kept or returned, an activity
   * regularizer).
   */
  RecurrentCell fusableCell() {
    boolean plain =
        kernel instanceof org.birnn.layers.internal.onednn.OneDnnKernel
            && isBuilt()
            && !returnState()
            && !stateful()
            && config.activityRegularizer() == null;
    return plain ? cell : null;
  }

  CellWeights cellWeights() {
    return weights;
  }

  /** Replaces the sequence kernel (for example with a faster one tested equal to the loop). */
  public void setKernel(SequenceKernel kernel) {
    this.kernel = java.util.Objects.requireNonNull(kernel, "kernel");
  }

  @Override
  public boolean isBuilt() {
    return weights != null;
  }

  @Override
  public long inputDim() {
    return inputDim;
  }

  @Override
  public void build(long inputDim) {
    if (isBuilt()) {
      return;
    }
    if (inputDim <= 0) {
      throw new IllegalArgumentException(
          what() + ": input feature dimension must be > 0; received " + inputDim);
    }
    this.weights = RecurrentWeights.initial(config, cell.gates(), inputDim, dtype, random);
    this.inputDim = inputDim;
  }

  @Override
  public LayerCall call(
      INDArray inputs, INDArray mask, List<INDArray> initialState, boolean training) {
    RecurrentInputs.checkRank(what(), inputs);
    build(inputs.size(2));
    long b = inputs.size(0);
    long t = inputs.size(1);
    RecurrentInputs.checkShape(what(), inputs, inputDim);
    INDArray x = Tensors.as(inputs, dtype);
    INDArray m01 = null;
    if (mask != null) {
      RecurrentInputs.checkMask(what(), mask, b, t);
      m01 = Tensors.toTimeMajor(Tensors.mask01(mask, dtype), goBackwards());
    }
    List<INDArray> init = initialStates(initialState, b);
    INDArray xs = Tensors.toTimeMajor(x, goBackwards());
    SequenceKernel.Forward fwd =
        kernel.forward(cell, kernelInput(xs, m01, init, b, training, training));
    INDArray emitted = fwd.emitted();
    INDArray output =
        returnSequences() ? Tensors.fromTimeMajor(emitted, false) : emitted.slice(t - 1).dup();
    if (stateful()) {
      storedStates = new ArrayList<>();
      for (INDArray s : fwd.finalStates()) {
        storedStates.add(s.dup());
      }
    }
    List<INDArray> outputs = new ArrayList<>();
    outputs.add(output);
    if (returnState()) {
      outputs.addAll(fwd.finalStates());
    }
    Regularizer activity = config.activityRegularizer();
    double penalty = 0;
    if (activity != null) {
      for (INDArray o : outputs) {
        penalty += activity.penalty(o);
      }
    }
    if (training) {
      return new LayerCall(outputs, null, 1, penalty, d -> backward(fwd, outputs, d, t))
          .withOutputMask(outputMask(mask));
    }
    // An inference call keeps no tape: its sequence-sized buffers are freed now (a fresh buffer
    // costs page faults, a reused one does not), and a backward pass asked for anyway recomputes
    // the forward pass from the same inputs, initial states and weights.
    fwd.release();
    NativeMemory.release(xs);
    INDArray mask01 = m01;
    return new LayerCall(
            outputs,
            null,
            1,
            penalty,
            d -> {
              SequenceKernel.Forward again =
                  kernel.forward(
                      cell,
                      kernelInput(
                          Tensors.toTimeMajor(x, goBackwards()), mask01, init, b, false, true));
              return backward(again, outputs, d, t);
            })
        .withOutputMask(outputMask(mask));
  }

  private SequenceKernel.Input kernelInput(
      INDArray xs,
      INDArray m01,
      List<INDArray> init,
      long b,
      boolean training,
      boolean keepForBackward) {
    return new SequenceKernel.Input(
        xs,
        m01,
        init,
        weights,
        training
            ? RecurrentDropout.inputMasks(config, cell.gates(), b, inputDim, random, dtype)
            : null,
        training ? RecurrentDropout.recurrentMasks(config, cell.gates(), b, random, dtype) : null,
        config.zeroOutputForMask(),
        keepForBackward,
        returnState() || stateful());
  }

  private LayerCall.Gradients backward(
      SequenceKernel.Forward fwd, List<INDArray> outputs, List<INDArray> d, long t) {
    Regularizer activity = config.activityRegularizer();
    if (activity != null) {
      for (int i = 0; i < d.size(); i++) {
        INDArray g = activity.gradient(outputs.get(i));
        d.set(i, d.get(i) == null ? g : d.get(i).add(g));
      }
    }
    INDArray dOut = d.get(0);
    INDArray dEmitted = null;
    if (dOut != null) {
      INDArray dOutT = Tensors.as(dOut, dtype);
      if (returnSequences()) {
        dEmitted = Tensors.toTimeMajor(dOutT, false);
      } else {
        dEmitted = Nd4j.zeros(dtype, t, dOutT.size(0), dOutT.size(1));
        dEmitted.slice(t - 1).assign(dOutT);
      }
    }
    List<INDArray> dStates = null;
    if (returnState()) {
      dStates = new ArrayList<>();
      for (INDArray s : d.subList(1, d.size())) {
        dStates.add(s == null ? null : Tensors.as(s, dtype));
      }
    }
    SequenceKernel.Gradients g = kernel.backward(fwd, dEmitted, dStates);
    NativeMemory.release(dEmitted); // made here, read only during the kernel's backward
    List<INDArray> dw = new ArrayList<>();
    dw.add(g.dWeights().kernel());
    dw.add(g.dWeights().recurrentKernel());
    if (g.dWeights().bias() != null) {
      dw.add(g.dWeights().bias());
    }
    INDArray dx = Tensors.fromTimeMajor(g.dxs(), goBackwards());
    NativeMemory.release(g.dxs());
    return LayerCall.Gradients.recurrent(dx, dw, g.dInitialStates());
  }

  private List<INDArray> initialStates(List<INDArray> given, long b) {
    int u = units();
    if (given != null) {
      return RecurrentInputs.initialStates(what(), given, stateCount(), b, u, dtype);
    }
    if (stateful() && storedStates != null) {
      long expected = storedStates.get(0).size(0);
      if (expected != b) {
        throw new IllegalArgumentException(
            what()
                + " is stateful: the batch size of the input must equal the batch size of the"
                + " stored states. Expected batch size: "
                + expected
                + ". Received batch size: "
                + b);
      }
      return storedStates;
    }
    List<INDArray> zeros = new ArrayList<>();
    for (int i = 0; i < stateCount(); i++) {
      zeros.add(Nd4j.zeros(dtype, b, u));
    }
    return zeros;
  }

  @Override
  public void bindWeights(List<INDArray> views) {
    org.birnn.layers.internal.WeightChecks.checkSame(what(), weightArrays(), views);
    for (int i = 0; i < views.size(); i++) {
      views.get(i).assign(weightArrays().get(i));
    }
    weights = new CellWeights(views.get(0), views.get(1), views.size() > 2 ? views.get(2) : null);
  }

  @Override
  public void reseed(long seed) {
    random = new Random(seed);
  }

  @Override
  public List<INDArray> weightArrays() {
    if (!isBuilt()) {
      return List.of();
    }
    List<INDArray> w = new ArrayList<>();
    w.add(weights.kernel());
    w.add(weights.recurrentKernel());
    if (weights.bias() != null) {
      w.add(weights.bias());
    }
    return w;
  }

  @Override
  public List<INDArray> getWeights() {
    List<INDArray> copies = new ArrayList<>();
    for (INDArray w : weightArrays()) {
      copies.add(w.dup());
    }
    return copies;
  }

  @Override
  public void setWeights(List<INDArray> values) {
    if (!isBuilt()) {
      if (values.isEmpty() || values.get(0).rank() != 2) {
        throw new IllegalArgumentException(
            what()
                + " is not built and the first weight (kernel [features, gates*units]) does"
                + " not tell the input size; received "
                + values.size()
                + " arrays");
      }
      build(values.get(0).size(0));
    }
    RecurrentWeights.assign(what(), weightArrays(), values, config.useBias(), dtype);
  }

  @Override
  public List<INDArray> states() {
    return stateful() ? storedStates : null;
  }

  @Override
  public void resetStates() {
    if (storedStates != null) {
      for (INDArray s : storedStates) {
        s.assign(0);
      }
    }
  }

  @Override
  public double regularizationPenalty() {
    return RecurrentWeights.penalty(regularizers(), weightArrays());
  }

  @Override
  public List<INDArray> regularizationGradients() {
    return RecurrentWeights.penaltyGradients(regularizers(), weightArrays());
  }

  private Regularizer[] regularizers() {
    return new Regularizer[] {
      config.kernelRegularizer(), config.recurrentRegularizer(), config.biasRegularizer()
    };
  }

  /** {@code "LSTM 'forward_lstm'"}, for messages. */
  protected String what() {
    return className() + " '" + name() + "'";
  }

  @Override
  public String toString() {
    return what();
  }
}
