package org.birnn.benchmarks;

import java.util.List;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.Model;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stage's network as its fit builds and compiles it ({@code SequenceNetworks}, seed 7): one
 * {@code trainOnBatch} or {@code predict} per run, cycling through the workload's batches.
 */
final class BirnnNetwork implements Candidate, SelfChecked {
  private final NetworkWorkload w;
  private final Model model;
  private final List<TextBatch> data;
  private final List<INDArray> features;
  private final List<INDArray> labels;
  private final boolean training;
  private int next;

  BirnnNetwork(NetworkWorkload w, List<TextBatch> data, boolean training) {
    this.w = w;
    this.model = network(w);
    this.data = data;
    this.features = data.stream().map(TextBatch::features).toList();
    this.labels = data.stream().map(b -> b.labelArray(w.perStep())).toList();
    this.training = training;
  }

  /** The workload's network, built and compiled as the stage's fit does. */
  static Model network(NetworkWorkload w) {
    BidirectionalRNNClassifier p =
        new BidirectionalRNNClassifier()
            .setCellType(w.cell())
            .setUnits(w.units())
            .setNumLayers(w.layers())
            .setEmbeddingDim(w.embeddingDim());
    SequenceNetworks.Head head =
        w.perStep() ? SequenceNetworks.Head.PER_STEP : SequenceNetworks.Head.SEQUENCE;
    Model m =
        RandomSeeds.withSeed(
            7L,
            () ->
                SequenceNetworks.bidirectional(
                    p, SequenceFeatures.Kind.IDS, w.vocab(), 0, w.classes(), head));
    m.compile(
        Loss.get("sparse_categorical_crossentropy"),
        Optimizer.get(p.getOptimizer(), p.getStepSize()),
        List.of());
    return m;
  }

  Model model() {
    return model;
  }

  @Override
  public String name() {
    return "birnn";
  }

  @Override
  public void run() {
    int k = next++ % data.size();
    if (training) {
      model.trainOnBatch(features.get(k), labels.get(k));
    } else {
      // The whole batch in one pass, as the stages score their minibatches and as libtorch runs
      // it (Model.predict(x) alone would split it into Keras's default batches of 32).
      predict(features.get(k));
    }
  }

  /** Probabilities of the first batch, row-major. */
  @Override
  public float[] output() {
    return predict(features.get(0)).castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  private INDArray predict(INDArray x) {
    return model.predict(List.of(x), Math.toIntExact(x.size(0))).get(0);
  }

  @Override
  public double checkError() {
    return new NetworkReference(w, model.getWeights()).maxError(data.get(0), 8, true, output());
  }
}
