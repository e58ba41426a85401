package org.birnn.pipelines.training;

import java.io.Serializable;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.Model;
import org.birnn.layers.optimizers.Optimizer;

/**
 * What an executor needs to rebuild the network: its Keras JSON and the optimizer's, shipped as
 * text (small, and never Java-serialized ND4J objects).
 *
 * @param modelJson Keras 3 JSON of the network
 * @param optimizerJson serialized Keras optimizer
 */
public record NetworkSpec(String modelJson, String optimizerJson) implements Serializable {
  /** A fresh compiled network (weights to be set by the caller). */
  public Model newModel() {
    Model m = Model.fromJson(modelJson);
    m.compile(
        Loss.get("sparse_categorical_crossentropy"),
        Optimizer.fromJson(org.birnn.layers.saving.KerasJson.parse(optimizerJson)),
        java.util.List.of("accuracy"));
    return m;
  }

  /**
   * What a checkpoint must match to be resumed: the weight shapes and the optimizer, not the JSON
   * (whose default layer names differ from one fit to the next).
   */
  public static String compatibilityKey(Model model, String optimizerJson) {
    StringBuilder sb = new StringBuilder(optimizerJson);
    for (org.nd4j.linalg.api.ndarray.INDArray w : model.getWeights()) {
      sb.append(java.util.Arrays.toString(w.shape()));
    }
    return Integer.toHexString(sb.toString().hashCode()) + "/" + sb.length();
  }

  /** A key identifying the spec in executor caches. */
  public String key() {
    return Integer.toHexString(modelJson.hashCode())
        + "/"
        + Integer.toHexString(optimizerJson.hashCode())
        + "/"
        + modelJson.length();
  }
}
