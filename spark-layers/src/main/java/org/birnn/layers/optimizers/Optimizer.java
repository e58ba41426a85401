package org.birnn.layers.optimizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A Keras 3 optimizer over one flat parameter vector. Its state is one flat vector too: {@link
 * #slots()} blocks of the parameter count, so averaging optimizer state across workers is one
 * vector operation.
 *
 * <p>Gradient clipping follows Keras: {@code clipnorm} rescales each weight tensor's gradient to at
 * most that L2 norm, {@code global_clipnorm} the whole gradient, {@code clipvalue} clips each
 * entry; at most one of them may be set.
 */
public abstract class Optimizer {
  /** The step size. */
  protected final double learningRate;

  private final Double clipnorm;
  private final Double globalClipnorm;
  private final Double clipvalue;

  /**
   * @param clipnorm, globalClipnorm, clipvalue each {@code null} for none
   */
  protected Optimizer(
      double learningRate, Double clipnorm, Double globalClipnorm, Double clipvalue) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          className() + ": learning_rate must be a finite number > 0; received " + learningRate);
    }
    int set =
        (clipnorm != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0);
    if (set > 1) {
      throw new IllegalArgumentException(
          "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set; received clipnorm="
              + clipnorm
              + ", global_clipnorm="
              + globalClipnorm
              + ", clipvalue="
              + clipvalue);
    }
    for (Double c : new Double[] {clipnorm, globalClipnorm, clipvalue}) {
      if (c != null && !(c > 0)) {
        throw new IllegalArgumentException(
            className() + ": clipping values must be > 0; received " + c);
      }
    }
    this.learningRate = learningRate;
    this.clipnorm = clipnorm;
    this.globalClipnorm = globalClipnorm;
    this.clipvalue = clipvalue;
  }

  /** The Keras class name ({@code "SGD"}, {@code "RMSprop"}, {@code "Adam"}, {@code "Adagrad"}). */
  public abstract String className();

  /** The learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** Number of state vectors per parameter. */
  public abstract int slots();

  /**
   * How Keras builds the same state, for reading it from Keras files: the slots in order, grouped
   * by the {@code add_optimizer_variables} call that makes them (Keras interleaves the slots of one
   * call per model variable, {@code m0, v0, m1, v1, ...}, and lists calls one after another). By
   * default each slot is its own call.
   */
  public java.util.List<Integer> kerasSlotGroups() {
    return java.util.Collections.nCopies(slots(), 1);
  }

  /** Fills a fresh state vector of {@code slots() * n} entries with its initial values. */
  public void initState(INDArray state, long n) {
    state.assign(0);
  }

  /**
   * One update, in place.
   *
   * @param params the flat parameters {@code [n]}
   * @param grads the flat gradient {@code [n]} (not modified)
   * @param state the flat state {@code [slots() * n]}
   * @param iterations updates applied before this one
   * @param offsets start of each weight tensor in the flat vector, plus {@code n} at the end
   */
  public void apply(
      INDArray params, INDArray grads, INDArray state, long iterations, long[] offsets) {
    INDArray g = clip(grads, offsets);
    long n = params.length();
    INDArray[] slotViews = new INDArray[slots()];
    for (int s = 0; s < slotViews.length; s++) {
      slotViews[s] = state.get(NDArrayIndex.interval(s * n, (s + 1) * n));
    }
    update(params, g, slotViews, iterations);
  }

  /**
   * The update rule on clipped gradients. {@code g} may be the model's own gradient vector (when
   * nothing is clipped): read it, never write it.
   */
  protected abstract void update(INDArray w, INDArray g, INDArray[] slots, long iterations);

  private INDArray clip(INDArray grads, long[] offsets) {
    if (clipvalue == null && globalClipnorm == null && clipnorm == null) {
      return grads; // no copy: the update rules only read the gradient
    }
    INDArray g = grads.dup();
    if (clipvalue != null) {
      Transforms.min(Transforms.max(g, -clipvalue, false), clipvalue, false);
    } else if (globalClipnorm != null) {
      double norm = g.norm2Number().doubleValue();
      if (norm > globalClipnorm) {
        g.muli(globalClipnorm / norm);
      }
    } else if (clipnorm != null) {
      for (int i = 0; i + 1 < offsets.length; i++) {
        INDArray part = g.get(NDArrayIndex.interval(offsets[i], offsets[i + 1]));
        double norm = part.norm2Number().doubleValue();
        if (norm > clipnorm) {
          part.muli(clipnorm / norm);
        }
      }
    }
    return g;
  }

  /** The Keras 3 config dict (name, learning rate, clipping, then the optimizer's own keys). */
  public ObjectNode getConfig() {
    ObjectNode c = KerasJson.object();
    c.put("name", className().toLowerCase(Locale.ROOT));
    c.put("learning_rate", learningRate);
    c.putNull("weight_decay");
    putNullable(c, "clipnorm", clipnorm);
    putNullable(c, "global_clipnorm", globalClipnorm);
    putNullable(c, "clipvalue", clipvalue);
    c.put("use_ema", false);
    c.put("ema_momentum", 0.99);
    c.putNull("ema_overwrite_frequency");
    c.putNull("loss_scale_factor");
    c.putNull("gradient_accumulation_steps");
    addConfig(c);
    return c;
  }

  /** Adds the optimizer's own keys. */
  protected abstract void addConfig(ObjectNode c);

  private static void putNullable(ObjectNode c, String k, Double v) {
    if (v == null) {
      c.putNull(k);
    } else {
      c.put(k, v);
    }
  }

  /** The Keras serialized form {@code {"module": "keras.optimizers", "class_name", "config"}}. */
  public ObjectNode serialize() {
    return KerasJson.serialized("keras.optimizers", className(), getConfig());
  }

  /** The clipping settings of a config, for subclasses' readers. */
  protected static Double[] clipping(JsonNode c) {
    return new Double[] {
      nullable(c, "clipnorm"), nullable(c, "global_clipnorm"), nullable(c, "clipvalue")
    };
  }

  private static Double nullable(JsonNode c, String k) {
    JsonNode v = c.get(k);
    return v == null || v.isNull() ? null : KerasJson.number(c, k, 0);
  }

  /**
   * An optimizer with Keras defaults by name ({@code sgd}, {@code rmsprop}, {@code adam}, {@code
   * adagrad}), or from a serialized config.
   */
  public static Optimizer get(String name) {
    return fromJson(KerasJson.parse("{\"class_name\":\"" + name + "\",\"config\":{}}"));
  }

  /**
   * An optimizer by name ({@code sgd}, {@code rmsprop}, {@code adam}, {@code adagrad}) with {@code
   * learningRate} and Keras defaults otherwise.
   */
  public static Optimizer get(String name, double learningRate) {
    ObjectNode node = KerasJson.object();
    node.put("class_name", name);
    node.putObject("config").put("learning_rate", learningRate);
    return fromJson(node);
  }

  /** Reads a serialized optimizer {@code {"class_name": ..., "config": {...}}}. */
  public static Optimizer fromJson(JsonNode node) {
    String cls = KerasJson.className(node, "optimizer");
    JsonNode c = KerasJson.innerConfig(node);
    if (c == node) {
      c = KerasJson.object();
    }
    switch (cls.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return SGD.fromConfig(c);
      case "rmsprop":
        return RMSprop.fromConfig(c);
      case "adam":
        return Adam.fromConfig(c);
      case "adagrad":
        return Adagrad.fromConfig(c);
      default:
        throw new IllegalArgumentException(
            "Unknown optimizer '" + cls + "'; expected sgd, rmsprop, adam or adagrad");
    }
  }

  @Override
  public String toString() {
    return className() + KerasJson.write(getConfig());
  }
}
