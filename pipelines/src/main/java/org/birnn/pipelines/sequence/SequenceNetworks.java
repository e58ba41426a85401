package org.birnn.pipelines.sequence;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.Layer;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.core.Masking;
import org.birnn.layers.crf.CRF;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.regularization.Dropout;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.CellType;
import org.birnn.layers.rnn.MergeMode;
import org.birnn.layers.rnn.RNN;
import org.birnn.layers.rnn.RecurrentConfig;
import org.birnn.pipelines.param.SequenceModelParams;
import org.birnn.pipelines.spark.SequenceFeatures;

/** The network the architecture params describe, for one sequence or one tag per step. */
public final class SequenceNetworks {
  private SequenceNetworks() {}

  /** What the network ends in. */
  public enum Head {
    /** {@code Dense} softmax on the last step: {@code [batch, outputs]}. */
    SEQUENCE,
    /** A per-step {@code Dense} softmax: {@code [batch, time, outputs]}. */
    PER_STEP,
    /**
     * A per-step linear {@code Dense} and a {@link CRF}: tag scores {@code [batch, time, tags]}.
     */
    CRF
  }

  /**
   * {@code Embedding(vocab, embeddingDim, mask_zero)} for ids or {@code Masking(0.0)} for vector
   * steps, {@code numLayers} stacked {@code Bidirectional} layers of {@code cellType} with {@code
   * units} per direction merged by {@code mergeMode}, optional {@code Dropout}, then the head.
   */
  public static Model bidirectional(
      SequenceModelParams p,
      SequenceFeatures.Kind kind,
      int vocab,
      int dim,
      int outputs,
      Head head) {
    List<Layer> layers = new ArrayList<>();
    if (kind == SequenceFeatures.Kind.IDS) {
      layers.add(Embedding.of(vocab, p.getEmbeddingDim(), true));
    } else {
      layers.add(Masking.of(0.0));
    }
    int n = p.getNumLayers();
    for (int k = 0; k < n; k++) {
      RecurrentConfig config =
          RecurrentConfig.builder(CellType.fromName(p.getCellType()))
              .units(p.getUnits())
              .returnSequences(k < n - 1 || head != Head.SEQUENCE)
              .build();
      layers.add(
          Bidirectional.builder(RNN.of(config))
              .mergeMode(MergeMode.fromKeras(p.getMergeMode()))
              .build());
    }
    if (p.getDropout() > 0) {
      layers.add(Dropout.of(p.getDropout()));
    }
    layers.add(
        Dense.builder()
            .units(outputs)
            .activation(head == Head.CRF ? Activation.LINEAR : Activation.SOFTMAX)
            .build());
    if (head == Head.CRF) {
      layers.add(CRF.create());
    }
    Object[] items = new Object[layers.size() + 1];
    items[0] = kind == SequenceFeatures.Kind.IDS ? Input.shape(-1) : Input.shape(-1, dim);
    for (int k = 0; k < layers.size(); k++) {
      items[k + 1] = layers.get(k);
    }
    return Sequential.of(items);
  }

  /**
   * Checks that a configured network ({@code what}: "Param modelConfig" or "Param initialModel")
   * takes the input the features column holds: token ids {@code [batch, time]} or steps {@code
   * [batch, time, dim]} ({@code dim < 0}: not known yet).
   *
   * @throws IllegalArgumentException naming both shapes
   */
  public static void checkInput(Model m, SequenceFeatures.Kind kind, int dim, String what) {
    long[] in = m.inputs().get(0).shape();
    boolean ids = kind == SequenceFeatures.Kind.IDS;
    boolean ok = ids ? in.length == 2 : in.length == 3 && (in[2] < 0 || dim < 0 || in[2] == dim);
    if (!ok) {
      throw new IllegalArgumentException(
          what
              + " expects input shape "
              + java.util.Arrays.toString(in)
              + " but the features column holds "
              + (ids
                  ? "token ids, shape [batch, time]"
                  : "sequences of " + dim + " features, shape [batch, time, " + dim + "]"));
    }
  }

  /**
   * What an imported network reads: its input kind and step width.
   *
   * @param kind token ids or steps of features
   * @param dim features per step, 0 for ids
   */
  public record InputKind(SequenceFeatures.Kind kind, int dim) {}

  /**
   * The input of an imported network ({@code fromKeras}): token ids {@code [batch, time]} or steps
   * {@code [batch, time, features]}.
   *
   * @param stage "a classifier" or "a tagger", for the message
   * @throws IllegalArgumentException naming {@code path} and the shape it takes
   */
  public static InputKind inputOf(Model network, String path, String stage) {
    long[] in = network.inputs().get(0).shape();
    if (in.length < 2 || in.length > 3 || (in.length == 3 && in[2] <= 0)) {
      throw new IllegalArgumentException(
          path
              + " takes input "
              + java.util.Arrays.toString(in)
              + "; "
              + stage
              + " reads token ids [batch, time] or steps [batch, time, features]");
    }
    return in.length == 2
        ? new InputKind(SequenceFeatures.Kind.IDS, 0)
        : new InputKind(SequenceFeatures.Kind.ARRAYS, (int) in[2]);
  }

  /** An imported network and the input it takes. */
  public record Imported(Model network, InputKind input) {}

  /**
   * The network of {@code fromKeras}: read from a Hadoop URI of the active session, its input kind
   * checked ({@link #inputOf}) and its output required to be probabilities ({@link
   * #requireProbabilities}).
   *
   * @param stage "a classifier" or "a tagger", for messages
   */
  public static Imported imported(String path, String stage) {
    Model network =
        SequenceFit.readNetwork(
            path,
            org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration(),
            "fromKeras");
    InputKind in = inputOf(network, path, stage);
    requireProbabilities(network, path);
    return new Imported(network, in);
  }

  /**
   * Refuses an imported network whose output layer gives logits rather than probabilities: a {@code
   * Dense} (or other layer) with a linear activation, as Keras models trained with {@code
   * from_logits=True} end. Scoring would read the logits as probabilities, silently.
   *
   * @throws IllegalArgumentException naming {@code path}, the layer and its activation
   */
  public static void requireProbabilities(Model network, String path) {
    org.birnn.layers.Layer last = network.outputLayer();
    if (last instanceof org.birnn.layers.crf.CRF) {
      return; // a CRF's scores are decoded, not read as probabilities
    }
    com.fasterxml.jackson.databind.JsonNode activation = last.getConfig().get("activation");
    if (activation != null && "linear".equals(activation.asText())) {
      throw new IllegalArgumentException(
          path
              + " ends in layer '"
              + last.name()
              + "' with activation linear: it outputs logits, and scoring needs probabilities."
              + " Give the last layer activation=\"softmax\" (its argmax is unchanged) and save it"
              + " again");
    }
  }
}
