package org.birnn.layers.regularizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3 weight penalties: {@code L1} ({@code l1 * sum|w|}), {@code L2} ({@code l2 * sum w^2}) and
 * {@code L1L2} (both). Keras's string names {@code "l1"}, {@code "l2"} and {@code "l1_l2"} use the
 * default factor 0.01.
 */
public final class Regularizer {
  private final double l1;
  private final double l2;

  private Regularizer(double l1, double l2) {
    if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException(
          "Regularizer factors must be finite and >= 0; got l1=" + l1 + ", l2=" + l2);
    }
    this.l1 = l1;
    this.l2 = l2;
  }

  /** {@code l1 * sum|w|}. */
  public static Regularizer l1(double l1) {
    return new Regularizer(l1, 0);
  }

  /** {@code l2 * sum w^2}. */
  public static Regularizer l2(double l2) {
    return new Regularizer(0, l2);
  }

  /** {@code l1 * sum|w| + l2 * sum w^2}. */
  public static Regularizer l1l2(double l1, double l2) {
    return new Regularizer(l1, l2);
  }

  /** The L1 factor. */
  public double l1() {
    return l1;
  }

  /** The L2 factor. */
  public double l2() {
    return l2;
  }

  /** The penalty for one weight (or activity) tensor. */
  public double penalty(INDArray w) {
    double p = 0;
    if (l1 != 0) {
      p += l1 * w.norm1Number().doubleValue();
    }
    if (l2 != 0) {
      double n = w.norm2Number().doubleValue();
      p += l2 * n * n;
    }
    return p;
  }

  /** The gradient of {@link #penalty(INDArray)}: {@code l1 sign(w) + 2 l2 w}, a new array. */
  public INDArray gradient(INDArray w) {
    INDArray g = w.mul(2 * l2);
    if (l1 != 0) {
      g.addi(Transforms.sign(w, true).muli(l1));
    }
    return g;
  }

  private String className() {
    if (l1 != 0 && l2 != 0) {
      return "L1L2";
    }
    return l1 != 0 ? "L1" : "L2";
  }

  /** The Keras 3 serialized form. */
  public ObjectNode toJson() {
    ObjectNode c = KerasJson.object();
    String cls = className();
    if (cls.equals("L1") || cls.equals("L1L2")) {
      c.put("l1", l1);
    }
    if (cls.equals("L2") || cls.equals("L1L2")) {
      c.put("l2", l2);
    }
    return KerasJson.serialized("keras.regularizers", cls, c);
  }

  /**
   * Reads a serialized regularizer, a string name, or JSON null (no regularizer: returns {@code
   * null}).
   */
  public static Regularizer fromJson(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      switch (node.asText().toLowerCase(Locale.ROOT)) {
        case "l1":
          return l1(0.01);
        case "l2":
          return l2(0.01);
        case "l1_l2":
        case "l1l2":
          return l1l2(0.01, 0.01);
        default:
          throw new IllegalArgumentException(
              "Unknown regularizer '" + node.asText() + "'; expected l1, l2 or l1_l2");
      }
    }
    String cls = KerasJson.className(node, "regularizer");
    JsonNode c = KerasJson.innerConfig(node);
    switch (cls.toLowerCase(Locale.ROOT)) {
      case "l1":
        return l1(KerasJson.number(c, "l1", 0.01));
      case "l2":
        return l2(KerasJson.number(c, "l2", 0.01));
      case "l1l2":
        return l1l2(KerasJson.number(c, "l1", 0.0), KerasJson.number(c, "l2", 0.0));
      default:
        throw new IllegalArgumentException(
            "Unknown regularizer class '" + cls + "'; expected L1, L2 or L1L2");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Regularizer
        && Double.compare(l1, ((Regularizer) o).l1) == 0
        && Double.compare(l2, ((Regularizer) o).l2) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(l1, l2);
  }

  @Override
  public String toString() {
    return KerasJson.write(toJson());
  }

  /** A config key holding a regularizer, {@code null} for none. */
  public static ConfigKey<Regularizer> key(String name) {
    return ConfigKey.of(
        name,
        null,
        (c, k, ctx) -> fromJson(c.get(k.name())),
        r -> r == null ? NullNode.getInstance() : r.toJson());
  }
}
