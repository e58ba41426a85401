package org.birnn.pipelines.training;

import java.io.Serializable;
import org.birnn.layers.models.CompileConfig;
import org.birnn.layers.models.Model;
import org.birnn.layers.saving.config.KerasJson;

/**
 * What an executor needs to rebuild the network: its Keras JSON and its Keras compile config
 * (optimizer, loss, metrics), shipped as text (small, and never Java-serialized ND4J objects).
 *
 * @param modelJson Keras 3 JSON of the network
 * @param compileJson Keras {@code compile_config} of the network
 */
public record NetworkSpec(String modelJson, String compileJson) implements Serializable {
  /** The spec of a compiled network. */
  public static NetworkSpec of(Model model) {
    return new NetworkSpec(model.toJson(), KerasJson.write(CompileConfig.of(model)));
  }

  /** A fresh compiled network (weights to be set by the caller). */
  public Model newModel() {
    Model m = Model.fromJson(modelJson);
    CompileConfig.apply(m, KerasJson.parse(compileJson));
    return m;
  }

  /**
   * What a checkpoint must match to be resumed: the weight shapes and the optimizer, not the JSON
   * (whose default layer names differ from one fit to the next).
   */
  public static String compatibilityKey(Model model) {
    StringBuilder sb = new StringBuilder(KerasJson.write(model.optimizer().serialize()));
    for (org.nd4j.linalg.api.ndarray.INDArray w : model.getWeights()) {
      sb.append(java.util.Arrays.toString(w.shape()));
    }
    return Integer.toHexString(sb.toString().hashCode()) + "/" + sb.length();
  }

  /** A key identifying the spec in executor caches. */
  public String key() {
    return Integer.toHexString(modelJson.hashCode())
        + "/"
        + Integer.toHexString(compileJson.hashCode())
        + "/"
        + modelJson.length();
  }
}
