package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.Layer;
import org.birnn.layers.internal.KernelTeam;
import org.birnn.layers.internal.PassOutputs;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.metrics.MetricTotals;
import org.birnn.layers.optimizers.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Keras model: a graph of layers from symbolic inputs to outputs ({@link #of(List, List)}, the
 * functional API), or a stack ({@link Sequential}). It compiles with a loss, an optimizer and
 * metrics, then trains with {@link #fit}, scores with {@link #predict} and {@link #evaluate}.
 *
 * <p>All weights are views of one flat parameter vector ({@link #parameters()}), gradients of a
 * second and optimizer state of a third, so averaging models is one vector operation. Training uses
 * the first output; the loss applies that output's time mask, as Keras does.
 *
 * <pre>{@code
 * KerasTensor x = Input.shape(5, 10);
 * List<KerasTensor> enc = KerasTensor.apply(Bidirectional.of(
 *     LSTM.builder().units(8).returnState(true).build()), x);
 * KerasTensor h = KerasTensor.apply(Concatenate.builder().build(), enc.get(1), enc.get(3)).get(0);
 * KerasTensor y = KerasTensor.apply(Dense.builder().units(3).activation(Activation.SOFTMAX).build(), h).get(0);
 * Model model = Model.of(List.of(x), List.of(y));
 * model.compile("categorical_crossentropy", "adam", "accuracy");
 * }</pre>
 */
public class Model {
  private String name;
  private List<KerasTensor> inputs;
  private List<KerasTensor> outputs;
  private List<KerasTensor.Node> order;
  private ParameterStore store;
  private Loss loss;
  private Optimizer optimizer;
  private List<String> metricNames = List.of();
  private INDArray optimizerState;
  private long iterations;

  /** Reused output buffers of inference passes; new with each graph (its nodes are the keys). */
  private PassOutputs passOutputs = new PassOutputs();

  /** For subclasses that set the graph later ({@link #setGraph}). */
  protected Model(String name) {
    this.name = name;
  }

  /** A functional model from its symbolic inputs to its symbolic outputs. */
  public static Model of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    Model m = new Model(org.birnn.layers.internal.LayerNames.unique("functional"));
    m.setGraph(inputs, outputs);
    return m;
  }

  /** For {@link FunctionalJson}: sets the graph of a model read from JSON. */
  final void setGraphFromJson(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    setGraph(inputs, outputs);
  }

  /** Sets the graph: finds the layer applications between inputs and outputs, in order. */
  protected final void setGraph(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    this.order = GraphOrder.of(inputs, outputs);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.store = new ParameterStore(GraphOrder.layers(order));
    this.passOutputs = new PassOutputs();
  }

  /** Whether the graph exists (a {@link Sequential} builds it on first use). */
  protected boolean hasGraph() {
    return order != null;
  }

  /** Hook for a lazily built model: make the graph for inputs of these shapes. */
  protected void ensureGraph(List<INDArray> xs) {
    if (!hasGraph()) {
      throw new IllegalStateException("Model '" + name + "' has no graph");
    }
  }

  // ---- structure ----

  /** The model name. */
  public String name() {
    return name;
  }

  /** The layers in graph order (each once). */
  public List<Layer> layers() {
    return store.layers();
  }

  /** The symbolic inputs. */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** The symbolic outputs. */
  public List<KerasTensor> outputs() {
    return outputs;
  }

  /** The layer of the first output, or {@code null} while a Sequential model has no graph. */
  public Layer outputLayer() {
    if (outputs != null && !outputs.isEmpty()) {
      return outputs.get(0).node().layer();
    }
    List<Layer> all = layers();
    return all == null || all.isEmpty() ? null : all.get(all.size() - 1);
  }

  // ---- compile ----

  /**
   * Compiles with Keras names: a loss ({@code categorical_crossentropy}, ...), an optimizer ({@code
   * sgd}, {@code rmsprop}, {@code adam}, {@code adagrad}) and metrics ({@code accuracy}).
   */
  public void compile(String loss, String optimizer, String... metrics) {
    compile(Loss.get(loss), Optimizer.get(optimizer), List.of(metrics));
  }

  /** Compiles with configured objects. Resets the optimizer state. */
  public void compile(Loss loss, Optimizer optimizer, List<String> metrics) {
    new MetricTotals(metrics, loss); // resolves every metric name, or throws naming it
    OutputLoss.check(this, loss);
    this.loss = loss;
    this.optimizer = optimizer;
    this.metricNames = List.copyOf(metrics);
    this.optimizerState = null;
    this.iterations = 0;
  }

  /** Whether {@link #compile} was called. */
  public boolean isCompiled() {
    return loss != null;
  }

  /** The loss, or {@code null} before compile. */
  public Loss loss() {
    return loss;
  }

  /** The optimizer, or {@code null} before compile. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The metric names given to compile. */
  public List<String> metricNames() {
    return metricNames;
  }

  // ---- forward and backward ----

  /** One run through the graph (validates the inputs; builds the graph on first use). */
  final GraphPass forward(List<INDArray> xs, boolean training) {
    ensureGraph(xs);
    return GraphPass.forward(name, inputs, outputs, order, xs, training, passOutputs);
  }

  /** Backpropagates {@code dOutput} (for output 0) through the pass into the flat gradients. */
  final void backward(GraphPass p, INDArray dOutput) {
    p.backward(order, dOutput, store);
  }

  // ---- training primitives ----

  /**
   * One optimizer step on one batch; returns the loss (including regularization penalties).
   *
   * @throws IllegalStateException before {@link #compile}
   */
  public double trainOnBatch(INDArray x, INDArray y) {
    return trainOnBatch(List.of(x), y);
  }

  /** {@link #trainOnBatch(INDArray, INDArray)} for a model with several inputs. */
  public double trainOnBatch(List<INDArray> xs, INDArray y) {
    return trainOnBatch(xs, y, null);
  }

  /**
   * {@link #trainOnBatch(List, INDArray)} that also adds the batch's loss and compiled metrics to
   * {@code totals}, measured on this step's own training forward pass before the update, as Keras's
   * {@code fit} updates its metrics: an epoch's logs then cost no second pass over the data.
   *
   * @param totals totals of this model's {@link #metricNames()}, or {@code null}
   */
  public double trainOnBatch(List<INDArray> xs, INDArray y, MetricTotals totals) {
    double value = gradients(xs, y, totals);
    applyGradients();
    return value;
  }

  /**
   * Forward and backward on one batch, leaving the gradient in {@link #gradients()} without
   * updating the weights; returns the loss.
   */
  public double computeGradients(List<INDArray> xs, INDArray y) {
    return gradients(xs, y, null);
  }

  private double gradients(List<INDArray> xs, INDArray y, MetricTotals totals) {
    requireCompiled();
    try (KernelTeam.Scope team = KernelTeam.batch()) {
      GraphPass p = forward(xs, true);
      store.zeroGrads();
      Loss.Value lv = OutputLoss.compute(this, p, y, store);
      if (totals != null) {
        // Before backward: a layer may reuse its output buffers for the gradients.
        totals.addMetrics(y, p.output(0), p.outputMask(0));
      }
      backward(p, lv.gradient());
      double value = lv.value() + store.addRegularization() + p.penalty;
      if (totals != null) {
        totals.addLoss(value, xs.get(0).size(0));
      }
      return value;
    }
  }

  /** Empty totals of this model's loss and compiled metrics. */
  public MetricTotals newTotals() {
    requireCompiled();
    return new MetricTotals(metricNames, loss);
  }

  /** Applies the optimizer to the current gradients and counts the iteration. */
  public void applyGradients() {
    requireCompiled();
    INDArray state = optimizerState();
    optimizer.apply(store.params(), store.grads(), state, iterations, store.offsets());
    iterations++;
  }

  private void requireCompiled() {
    if (loss == null) {
      throw new IllegalStateException(
          "Model '" + name + "' must be compiled before training: call compile(loss, optimizer)");
    }
  }

  // ---- flat vectors ----

  /** The flat parameter vector (live: writing it changes the model). */
  public INDArray parameters() {
    ensureReady();
    return store.params();
  }

  /** The flat gradient vector of the last {@link #computeGradients} (live). */
  public INDArray gradients() {
    ensureReady();
    return store.gradsForCaller();
  }

  /** The flat optimizer state, {@code slots * n} entries (live); created on first use. */
  public INDArray optimizerState() {
    requireCompiled();
    ensureReady();
    long n = store.params().length();
    long size = optimizer.slots() * n;
    if (optimizerState == null || optimizerState.length() != size) {
      optimizerState =
          org.nd4j.linalg.factory.Nd4j.create(store.params().dataType(), Math.max(size, 1))
              .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, size));
      optimizer.initState(optimizerState, n);
    }
    return optimizerState;
  }

  /** Optimizer updates applied so far (Keras {@code optimizer.iterations}). */
  public long iterations() {
    return iterations;
  }

  /** Sets the update count (when restoring or averaging optimizer state). */
  public void setIterations(long iterations) {
    this.iterations = iterations;
  }

  /** Start offset of each weight tensor in the flat vector, then its length. */
  public long[] weightOffsets() {
    ensureReady();
    return store.offsets();
  }

  private void ensureReady() {
    if (store == null) {
      throw new IllegalStateException(
          "Model '" + name + "' is not built yet: give it an input shape or call it on data first");
    }
  }

  /** Restarts every layer's dropout streams from {@code seed} (see {@link Layer#reseed}). */
  public void reseed(long seed) {
    ensureReady();
    int i = 0;
    for (Layer l : store.layers()) {
      l.reseed(seed * 1_000_003L + i++);
    }
  }

  /** Builds a lazily defined model for inputs of these shapes (a no-op once built). */
  public void build(List<INDArray> sampleInputs) {
    ensureGraph(sampleInputs);
  }

  // ---- weights in Keras order ----

  /** Copies of every weight in Keras {@code get_weights()} order. */
  public List<INDArray> getWeights() {
    ensureReady();
    List<INDArray> out = new ArrayList<>();
    for (Layer l : store.layers()) {
      out.addAll(l.getWeights());
    }
    return out;
  }

  /** Sets every weight, in {@link #getWeights()} order and shapes. */
  public void setWeights(List<INDArray> weights) {
    ensureReady();
    int k = 0;
    int total = 0;
    for (Layer l : store.layers()) {
      total += l.weightArrays().size();
    }
    if (weights.size() != total) {
      throw new IllegalArgumentException(
          "Model '" + name + "' has " + total + " weight arrays; received " + weights.size());
    }
    for (Layer l : store.layers()) {
      int c = l.weightArrays().size();
      l.setWeights(weights.subList(k, k + c));
      k += c;
    }
  }

  // ---- inference ----

  /** {@link #predict(List, int)} for one input and batch size 32. */
  public INDArray predict(INDArray x) {
    return predict(List.of(x), 32).get(0);
  }

  /** Predictions of every output, in minibatches of {@code batchSize}, in row order. */
  public List<INDArray> predict(List<INDArray> xs, int batchSize) {
    return Training.predict(this, xs, batchSize);
  }

  /** {@link #evaluate(List, INDArray, int)} with one input and batch size 32. */
  public Map<String, Double> evaluate(INDArray x, INDArray y) {
    return evaluate(List.of(x), y, 32);
  }

  /** The loss and metrics over a dataset, as Keras {@code evaluate} returns them. */
  public Map<String, Double> evaluate(List<INDArray> xs, INDArray y, int batchSize) {
    return evaluateTotals(xs, y, batchSize).logs();
  }

  /**
   * {@link #evaluate(List, INDArray, int)} as totals, so evaluations of parts of a dataset (the
   * partitions of a distributed one) sum exactly.
   */
  public MetricTotals evaluateTotals(List<INDArray> xs, INDArray y, int batchSize) {
    requireCompiled();
    return Training.evaluate(this, xs, y, batchSize);
  }

  /** Trains for {@code options.epochs()} epochs and returns the history. */
  public History fit(INDArray x, INDArray y, FitOptions options) {
    return fit(List.of(x), y, options);
  }

  /** {@link #fit(INDArray, INDArray, FitOptions)} for several inputs. */
  public History fit(List<INDArray> xs, INDArray y, FitOptions options) {
    requireCompiled();
    return Training.fit(this, xs, y, options);
  }

  /**
   * The Keras 3 JSON of this model ({@code model.to_json()}): a {@code Sequential} config for
   * {@link Sequential}, else a {@code Functional} config.
   */
  public String toJson() {
    return org.birnn.layers.saving.config.KerasJson.write(toJsonNode());
  }

  /** {@link #toJson()} as a tree. */
  public com.fasterxml.jackson.databind.node.ObjectNode toJsonNode() {
    return FunctionalJson.toJson(this);
  }

  /** Reads Keras 3 model JSON ({@code Sequential} or {@code Functional}), unbuilt weights fresh. */
  public static Model fromJson(String json) {
    return fromJson(org.birnn.layers.saving.config.KerasJson.parse(json));
  }

  /** {@link #fromJson(String)} for an already parsed tree. */
  public static Model fromJson(com.fasterxml.jackson.databind.JsonNode node) {
    return ModelJson.fromAnyJson(node);
  }

  /** Saves to one file; see {@link ModelIO#save}. */
  public void save(java.nio.file.Path file) throws java.io.IOException {
    ModelIO.save(this, file);
  }

  /** One line per layer: name, class, output shape and weight count. */
  public String summary() {
    ensureReady();
    return ModelSummary.of(name, order);
  }
}
