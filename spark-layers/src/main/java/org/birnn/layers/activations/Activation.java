package org.birnn.layers.activations;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.birnn.layers.internal.Gemm;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise activation functions with their Keras 3 names and formulas, plus the derivative the
 * backward pass needs.
 *
 * <p>Every function maps a pre-activation {@code z} of any shape to {@code a = f(z)} of the same
 * shape. {@link #backward(INDArray, INDArray, INDArray)} returns {@code grad * f'(z)}.
 *
 * <p>Keras 3 and Keras 2 disagree on {@code hard_sigmoid}: Keras 3 computes {@code clip(z/6 + 0.5,
 * 0, 1)} ({@link #HARD_SIGMOID}), Keras 2 and tfjs {@code clip(0.2 z + 0.5, 0, 1)} ({@link
 * #HARD_SIGMOID_KERAS2}, chosen only when a Keras 2 config is read, KERAS_SPEC W8).
 */
public enum Activation {
  /** {@code a = z}; Keras {@code "linear"} (also what {@code None} means). */
  LINEAR("linear"),
  /** {@code a = tanh(z)}. */
  TANH("tanh"),
  /** {@code a = 1 / (1 + exp(-z))}. */
  SIGMOID("sigmoid"),
  /** Keras 3: {@code a = clip(z / 6 + 0.5, 0, 1)}. */
  HARD_SIGMOID("hard_sigmoid"),
  /**
   * Keras 2 and tfjs: {@code a = clip(0.2 z + 0.5, 0, 1)}. Read from Keras 2 configs as {@code
   * hard_sigmoid}; written as {@code hard_sigmoid_keras2} (an extension Keras 3 cannot read),
   * because writing {@code hard_sigmoid} would silently change the numbers on reload.
   */
  HARD_SIGMOID_KERAS2("hard_sigmoid_keras2"),
  /** {@code a = max(z, 0)}. */
  RELU("relu"),
  /** {@code a = z} for {@code z > 0}, else {@code exp(z) - 1}. */
  ELU("elu"),
  /** Scaled ELU with Keras's constants. */
  SELU("selu"),
  /** {@code a = log(1 + exp(z))}. */
  SOFTPLUS("softplus"),
  /** {@code a = z / (1 + |z|)}. */
  SOFTSIGN("softsign"),
  /** {@code a = z * sigmoid(z)}; Keras also calls it {@code "swish"}. */
  SILU("silu"),
  /** {@code a = exp(z)}. */
  EXPONENTIAL("exponential"),
  /** {@code a = exp(z) / sum(exp(z))} over the last axis (not element-wise). */
  SOFTMAX("softmax");

  private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  private static final double SELU_SCALE = 1.0507009873554804934193349852946;

  private final String kerasName;

  Activation(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The name Keras 3 writes in a config ({@code "tanh"}, {@code "sigmoid"}, ...). */
  public String kerasName() {
    return kerasName;
  }

  /**
   * Looks up an activation by its Keras name.
   *
   * @param name a Keras name; {@code null} and {@code "linear"} give {@link #LINEAR}, {@code
   *     "swish"} gives {@link #SILU}
   * @param keras2 whether the name comes from a Keras 2 config (changes {@code hard_sigmoid})
   * @throws IllegalArgumentException for a name this library does not implement
   */
  public static Activation fromKerasName(String name, boolean keras2) {
    if (name == null) {
      return LINEAR;
    }
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("swish")) {
      return SILU;
    }
    if (n.equals("hard_sigmoid")) {
      return keras2 ? HARD_SIGMOID_KERAS2 : HARD_SIGMOID;
    }
    for (Activation a : values()) {
      if (a.kerasName.equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "Unknown activation '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(Activation::kerasName).toList()
            + " or null (linear).");
  }

  /** Returns {@code f(z)} as a new array; {@code z} is not modified. */
  public INDArray forward(INDArray z) {
    switch (this) {
      case LINEAR:
        return z.dup();
      case TANH:
        return Transforms.tanh(z, true);
      case SIGMOID:
        return Transforms.sigmoid(z, true);
      case HARD_SIGMOID:
        return clip01(z.mul(1.0 / 6.0).addi(0.5));
      case HARD_SIGMOID_KERAS2:
        return clip01(z.mul(0.2).addi(0.5));
      case RELU:
        return Transforms.relu(z, true);
      case ELU:
        return Transforms.elu(z, true);
      case SELU:
        {
          INDArray pos = Transforms.relu(z, true);
          INDArray neg = Transforms.exp(Transforms.min(z, 0.0, true), false).subi(1.0);
          return pos.addi(neg.muli(SELU_ALPHA)).muli(SELU_SCALE);
        }
      case SOFTPLUS:
        return Transforms.softPlus(z, true);
      case SOFTSIGN:
        return z.div(Transforms.abs(z, true).addi(1.0));
      case SILU:
        return z.mul(Transforms.sigmoid(z, true));
      case EXPONENTIAL:
        return Transforms.exp(z, true);
      case SOFTMAX:
        {
          long last = z.size(z.rank() - 1);
          // A view when z is row-major; the softmax writes a new array, never z.
          INDArray z2 = Gemm.rows(z, last);
          return Transforms.softmax(z2, true).reshape('c', z.shape());
        }
      default:
        throw new IllegalStateException("unreachable: " + this);
    }
  }

  /**
   * Returns {@code grad * f'(z)} as a new array.
   *
   * @param z the pre-activation
   * @param a {@code f(z)} as returned by {@link #forward(INDArray)} (saves recomputing it)
   * @param grad the gradient with respect to {@code a}
   */
  public INDArray backward(INDArray z, INDArray a, INDArray grad) {
    switch (this) {
      case LINEAR:
        return grad.dup();
      case TANH:
        return grad.mul(a.mul(a).rsubi(1.0));
      case SIGMOID:
        return grad.mul(a.mul(a.rsub(1.0)));
      case HARD_SIGMOID:
        return grad.mul(openInterval(z, -3.0, 3.0).muli(1.0 / 6.0));
      case HARD_SIGMOID_KERAS2:
        return grad.mul(openInterval(z, -2.5, 2.5).muli(0.2));
      case RELU:
        return grad.mul(Transforms.step(z));
      case ELU:
        {
          INDArray positive = Transforms.step(z);
          // d/dz (exp(z) - 1) = a + 1 on the negative side.
          INDArray negative = a.add(1.0).muli(positive.rsub(1.0));
          return grad.mul(positive.addi(negative));
        }
      case SELU:
        {
          INDArray positive = Transforms.step(z);
          INDArray negative = a.add(SELU_SCALE * SELU_ALPHA).muli(positive.rsub(1.0));
          return grad.mul(positive.muli(SELU_SCALE).addi(negative));
        }
      case SOFTPLUS:
        return grad.mul(Transforms.sigmoid(z, true));
      case SOFTSIGN:
        {
          INDArray d = Transforms.abs(z, true).addi(1.0);
          return grad.div(d.muli(d));
        }
      case SILU:
        {
          INDArray s = Transforms.sigmoid(z, true);
          // s + z * s * (1 - s)
          INDArray d = s.mul(s.rsub(1.0)).muli(z).addi(s);
          return grad.mul(d);
        }
      case EXPONENTIAL:
        return grad.mul(a);
      case SOFTMAX:
        {
          // a * (g - sum(g * a)) over the last axis.
          long last = a.size(a.rank() - 1);
          INDArray a2 = Gemm.rows(a, last);
          INDArray g2 = Gemm.rows(grad, last);
          INDArray dot = g2.mul(a2).sum(true, 1);
          return g2.subColumnVector(dot).muli(a2).reshape('c', a.shape());
        }
      default:
        throw new IllegalStateException("unreachable: " + this);
    }
  }

  private static INDArray clip01(INDArray x) {
    return Transforms.min(Transforms.max(x, 0.0, false), 1.0, false);
  }

  /** 1 where {@code lo < z < hi}, else 0, in z's data type. */
  private static INDArray openInterval(INDArray z, double lo, double hi) {
    INDArray above = z.gt(lo).castTo(z.dataType());
    INDArray below = z.lt(hi).castTo(z.dataType());
    return above.muli(below);
  }

  /** A scalar helper used by tests: {@code f(z)} for one value, computed in double precision. */
  public double apply(double z) {
    INDArray a = forward(Nd4j.scalar(z));
    return a.getDouble(0);
  }

  /**
   * A config key holding an activation by Keras name (a Keras 2 dict reads {@code hard_sigmoid}
   * with Keras 2's formula).
   */
  public static ConfigKey<Activation> key(String name, Activation defaultValue) {
    return ConfigKey.of(
            name,
            defaultValue,
            (c, k, ctx) ->
                fromKerasName(
                    KerasJson.string(c, k.name(), k.defaultValue().kerasName()), ctx.keras2()),
            a -> TextNode.valueOf(a.kerasName()))
        .check((owner, v) -> Objects.requireNonNull(v, name + " (use LINEAR for none)"));
  }
}
