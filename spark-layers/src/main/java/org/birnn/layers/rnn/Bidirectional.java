package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.LayerNames;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigValues;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3 {@code keras.layers.Bidirectional}: runs a recurrent layer forward and a copy of it
 * backward over the same input, and merges the two outputs.
 *
 * <p>Shapes for input {@code [batch, time, features]} and {@code u} units per direction: output
 * {@code [batch, time, w]} with {@code return_sequences}, else {@code [batch, w]}, where {@code w =
 * 2u} for {@link MergeMode#CONCAT} and {@code u} otherwise; {@link MergeMode#NONE} returns both
 * outputs. With {@code return_state} the forward states then the backward states follow.
 *
 * <p>Semantics (KERAS_SPEC §1-§5): the sub-layers are new instances built from the wrapped layer's
 * config (fresh weights, never shared), named {@code forward_<name>} and {@code backward_<name>};
 * the derived backward layer has {@code go_backwards=true}; both get {@code zero_output_for_mask =
 * return_sequences}, so masked steps output exactly 0 in a sequence; the backward sequence is
 * flipped back to input time order before merging; {@code initial_state} is split half forward,
 * half backward.
 *
 * <p>Two deliberate differences from Keras, both documented in the builder: a custom {@code
 * backward_layer} is also copied from its config (its weights, if it was built, are copied, not
 * shared), and {@code weights} is honoured rather than silently ignored (KERAS_SPEC C10).
 *
 * <pre>{@code
 * Bidirectional bi = Bidirectional.builder(LSTM.builder().units(10).returnSequences(true).build())
 *     .mergeMode(MergeMode.SUM)
 *     .build();
 * LayerCall out = bi.call(x, mask, null, false);
 * }</pre>
 */
public final class Bidirectional extends RecurrentLayer {
  private final String name;
  private final boolean trainable;
  private final String dtype;
  private final MergeMode mergeMode;
  private final RecurrentLayer forward;
  private final RecurrentLayer backward;

  Bidirectional(ConfigValues values, List<INDArray> weights) {
    RecurrentLayer layer = values.get(BidirectionalConfig.LAYER);
    if (layer == null) {
      throw new IllegalArgumentException(
          "Please initialize `Bidirectional` layer with a recurrent layer instance. Received: null");
    }
    this.mergeMode = values.get(BidirectionalConfig.MERGE_MODE);
    String n = values.get(ConfigKeys.NAME);
    this.name = n != null ? n : LayerNames.unique("bidirectional");
    this.trainable = values.get(ConfigKeys.TRAINABLE);
    this.dtype = values.get(ConfigKeys.DTYPE);
    boolean zeroOutput = layer.returnSequences();
    this.forward = layer.withConfig(subConfig(layer, "forward_", null, zeroOutput));
    RecurrentLayer given = values.get(BidirectionalConfig.BACKWARD_LAYER);
    if (given == null) {
      // Keras 3 sets go_backwards (it does not toggle it), so a backwards `layer` is an error.
      this.backward = layer.withConfig(subConfig(layer, "backward_", Boolean.TRUE, zeroOutput));
    } else {
      this.backward = given.withConfig(subConfig(given, null, null, zeroOutput));
      if (given.isBuilt()) {
        this.backward.setWeights(given.getWeights());
      }
    }
    BidirectionalBuilder.validatePair(forward, backward, mergeMode);
    if (weights != null) {
      setWeights(weights);
    }
  }

  /** A builder wrapping {@code layer} (merge mode concat). */
  public static BidirectionalBuilder builder(RecurrentLayer layer) {
    return new BidirectionalBuilder(layer);
  }

  /** {@code Bidirectional(layer)} with merge mode concat. */
  public static Bidirectional of(RecurrentLayer layer) {
    return builder(layer).build();
  }

  private static ObjectNode subConfig(
      RecurrentLayer layer, String prefix, Boolean goBackwards, boolean zeroOutput) {
    ObjectNode c = layer.getConfig().deepCopy();
    if (prefix != null) {
      c.put("name", LayerNames.prefixed(prefix, layer.name()));
    }
    if (goBackwards != null) {
      c.put("go_backwards", goBackwards);
    }
    if (c.has("zero_output_for_mask")) {
      c.put("zero_output_for_mask", zeroOutput);
    }
    return c;
  }

  // ---- properties ----

  @Override
  public String className() {
    return "Bidirectional";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<long[]> build(List<long[]> inputShapes) {
    build(inputShapes.get(0));
    return computeOutputShape(inputShapes.get(0));
  }

  @Override
  public List<INDArray> weightArrays() {
    List<INDArray> w = new ArrayList<>(forward.weightArrays());
    w.addAll(backward.weightArrays());
    return w;
  }

  @Override
  public void bindWeights(List<INDArray> views) {
    int nf = forward.weightArrays().size();
    org.birnn.layers.internal.WeightChecks.checkSame(toString(), weightArrays(), views);
    forward.bindWeights(views.subList(0, nf));
    backward.bindWeights(views.subList(nf, views.size()));
  }

  @Override
  public void reseed(long seed) {
    forward.reseed(seed * 31 + 1);
    backward.reseed(seed * 31 + 2);
  }

  @Override
  public double regularizationPenalty() {
    return forward.regularizationPenalty() + backward.regularizationPenalty();
  }

  @Override
  public List<INDArray> regularizationGradients() {
    List<INDArray> g = new ArrayList<>(forward.regularizationGradients());
    g.addAll(backward.regularizationGradients());
    return g;
  }

  /** The merge mode. */
  public MergeMode mergeMode() {
    return mergeMode;
  }

  /** The forward sub-layer (a copy of the wrapped layer). */
  public RecurrentLayer forwardLayer() {
    return forward;
  }

  /** The backward sub-layer. */
  public RecurrentLayer backwardLayer() {
    return backward;
  }

  /** Whether the output is a sequence. */
  @Override
  public boolean returnSequences() {
    return forward.returnSequences();
  }

  /** Whether states follow the output(s). */
  @Override
  public boolean returnState() {
    return forward.returnState();
  }

  /** Whether states carry over between calls. */
  @Override
  public boolean stateful() {
    return forward.stateful();
  }

  /** Width of the merged last axis. */
  public int outputWidth() {
    return mergeMode.width(forward.units(), backward.units());
  }

  /** Never: each direction has its own order; the wrapper's output is in input time order. */
  @Override
  public boolean goBackwards() {
    return false;
  }

  /** The {@link #outputWidth()} (the forward layer's units for merge mode none). */
  @Override
  public int units() {
    return outputWidth();
  }

  /** The forward layer's states then the backward layer's. */
  @Override
  public int stateCount() {
    return forward.stateCount() + backward.stateCount();
  }

  /** The input feature count both directions were built for, or -1. */
  @Override
  public long inputDim() {
    return forward.inputDim();
  }

  /** Builds both directions for inputs with {@code inputDim} features. */
  @Override
  public void build(long inputDim) {
    build(new long[] {-1, -1, inputDim});
  }

  /** A new, unbuilt Bidirectional from a config dict (see {@link #fromConfig(JsonNode)}). */
  @Override
  public RecurrentLayer withConfig(ObjectNode config) {
    return fromConfig(config);
  }

  /** Whether both sub-layers are built. */
  @Override
  public boolean isBuilt() {
    return forward.isBuilt() && backward.isBuilt();
  }

  /**
   * Builds both directions for inputs of shape {@code [batch, time, features]} ({@code -1} for
   * unknown batch or time).
   */
  public void build(long[] inputShape) {
    if (inputShape.length != 3 || inputShape[2] <= 0) {
      throw new IllegalArgumentException(
          "Bidirectional '"
              + name
              + "' expects input shape [batch, time, features]; received "
              + java.util.Arrays.toString(inputShape));
    }
    // Each direction records the shape too: its serialized form carries it as build_config.
    forward.build(List.of(inputShape));
    backward.build(List.of(inputShape));
    rememberBuildShape(inputShape);
  }

  /**
   * Output shapes for an input shape, in {@link LayerCall#outputs()} order ({@code -1} for
   * unknown). Unlike Keras (KERAS_SPEC O8), a backward layer of other units is accounted for.
   */
  @Override
  public List<long[]> computeOutputShape(long[] inputShape) {
    List<long[]> shapes = new ArrayList<>();
    long b = inputShape[0];
    long t = inputShape[1];
    if (mergeMode == MergeMode.NONE) {
      shapes.add(outShape(b, t, forward.units()));
      shapes.add(outShape(b, t, backward.units()));
    } else {
      shapes.add(outShape(b, t, outputWidth()));
    }
    if (returnState()) {
      for (int i = 0; i < forward.stateCount(); i++) {
        shapes.add(new long[] {b, forward.units()});
      }
      for (int i = 0; i < backward.stateCount(); i++) {
        shapes.add(new long[] {b, backward.units()});
      }
    }
    return shapes;
  }

  private long[] outShape(long b, long t, long w) {
    return returnSequences() ? new long[] {b, t, w} : new long[] {b, w};
  }

  // ---- call ----

  /**
   * Runs both directions and merges.
   *
   * @param inputs {@code [batch, time, features]}
   * @param mask {@code [batch, time]} (true or non-zero = keep), or {@code null}
   * @param initialState forward states then backward states (LSTM {@code [h_f, c_f, h_b, c_b]}, GRU
   *     and SimpleRNN {@code [h_f, h_b]}), each {@code [batch, units]}; or {@code null}
   * @param training whether dropout is active
   */
  @Override
  public LayerCall call(
      INDArray inputs, INDArray mask, List<INDArray> initialState, boolean training) {
    if (inputs == null || inputs.rank() != 3) {
      throw new IllegalArgumentException(
          "Bidirectional '"
              + name
              + "' expects input of rank 3 [batch, time, features];"
              + " received shape "
              + Tensors.shape(inputs));
    }
    if (!isBuilt()) {
      build(inputs.shape());
    }
    return BidirectionalPass.run(this, inputs, mask, initialState, training)
        .withOutputMask(outputMask(mask));
  }

  /** See {@link BidirectionalPass#fused}. */
  INDArray fusedInference(INDArray inputs, INDArray mask) {
    return BidirectionalPass.fused(forward, backward, inputs, mask);
  }

  // ---- weights and state ----

  /** Copies of the weights: forward {@code kernel, recurrent_kernel[, bias]}, then backward. */
  @Override
  public List<INDArray> getWeights() {
    List<INDArray> w = new ArrayList<>(forward.getWeights());
    w.addAll(backward.getWeights());
    return w;
  }

  /** Sets the weights: the first half to the forward layer, the second half to the backward. */
  @Override
  public void setWeights(List<INDArray> weights) {
    int nf = forward.isBuilt() ? forward.weightArrays().size() : weights.size() / 2;
    int nb = backward.isBuilt() ? backward.weightArrays().size() : weights.size() - nf;
    if (weights.size() != nf + nb || (!forward.isBuilt() && weights.size() % 2 != 0)) {
      throw new IllegalArgumentException(
          "Bidirectional '"
              + name
              + "' expects "
              + (forward.isBuilt() ? nf + nb + "" : "an even" + " number of")
              + " weight arrays (forward then backward); received "
              + weights.size());
    }
    forward.setWeights(weights.subList(0, nf));
    backward.setWeights(weights.subList(nf, nf + nb));
    build(new long[] {-1, -1, forward.inputDim()});
  }

  /** The stored states {@code [forward..., backward...]} of a stateful layer, else {@code null}. */
  @Override
  public List<INDArray> states() {
    List<INDArray> f = forward.states();
    List<INDArray> b = backward.states();
    if (f == null || b == null || f.isEmpty() || b.isEmpty()) {
      return null;
    }
    List<INDArray> all = new ArrayList<>(f);
    all.addAll(b);
    return all;
  }

  /**
   * Zeroes both directions' stored states.
   *
   * @throws IllegalStateException if the layer is not stateful (Keras: "Layer must be stateful.")
   */
  @Override
  public void resetStates() {
    if (!stateful()) {
      throw new IllegalStateException(
          "Layer must be stateful: Bidirectional '" + name + "' has stateful=false");
    }
    forward.resetStates();
    backward.resetStates();
  }

  // ---- config ----

  /** The Keras 3 config dict (SER1-SER3); {@code backward_layer} is always present. */
  @Override
  public ObjectNode getConfig() {
    return BidirectionalConfig.TABLE.write(
        className(),
        BidirectionalConfig.TABLE.values(
            className(),
            className(),
            Map.of(
                ConfigKeys.NAME,
                name,
                ConfigKeys.TRAINABLE,
                trainable,
                ConfigKeys.DTYPE,
                dtype,
                BidirectionalConfig.MERGE_MODE,
                mergeMode,
                BidirectionalConfig.LAYER,
                forward,
                BidirectionalConfig.BACKWARD_LAYER,
                backward)));
  }

  /**
   * Builds a layer from a Keras 3 or tf-keras config dict (SER4, SER9). Without a {@code
   * backward_layer}, a tf-keras config toggles {@code go_backwards} as Keras 2 did.
   */
  public static Bidirectional fromConfig(JsonNode config) {
    return BidirectionalBuilder.fromConfig(config);
  }

  /** {@code "Bidirectional 'name'"}. */
  @Override
  public String toString() {
    return "Bidirectional '" + name + "'";
  }
}
