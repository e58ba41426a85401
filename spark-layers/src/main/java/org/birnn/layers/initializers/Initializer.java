package org.birnn.layers.initializers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A weight initializer with Keras 3 names, formulas and serialization.
 *
 * <p>Fans follow Keras {@code compute_fans}: a 2-D shape {@code [fanIn, fanOut]}; a 1-D shape
 * {@code [n]} has both fans {@code n}. Recurrent layers pass their fused matrices, so the fans are
 * those of the whole {@code [input, gates * units]} matrix (KERAS_SPEC W6).
 *
 * <ul>
 *   <li>{@code glorot_uniform}: {@code U(-L, L)}, {@code L = sqrt(6 / (fanIn + fanOut))};
 *   <li>{@code glorot_normal}, {@code he_normal}, {@code lecun_normal}: truncated normal (cut at 2
 *       standard deviations) with {@code stddev = sqrt(scale / n) / 0.8796...};
 *   <li>{@code he_uniform}, {@code lecun_uniform}: {@code U(-L, L)}, {@code L = sqrt(3 scale / n)};
 *   <li>{@code orthogonal}: QR of a normal matrix, rows orthonormal over the whole fused matrix;
 *   <li>{@code zeros}, {@code ones}, {@code constant}, {@code random_normal}, {@code
 *       random_uniform}, {@code truncated_normal}.
 * </ul>
 *
 * <p>A seeded initializer gives the same values at every call (as in Keras, which is why the two
 * directions of a Bidirectional layer start equal when seeded); an unseeded one draws from the
 * source its caller passes.
 */
public final class Initializer {
  /** The initializer families. */
  public enum Kind {
    ZEROS("Zeros", "zeros"),
    ONES("Ones", "ones"),
    CONSTANT("Constant", "constant"),
    RANDOM_NORMAL("RandomNormal", "random_normal"),
    RANDOM_UNIFORM("RandomUniform", "random_uniform"),
    TRUNCATED_NORMAL("TruncatedNormal", "truncated_normal"),
    GLOROT_UNIFORM("GlorotUniform", "glorot_uniform"),
    GLOROT_NORMAL("GlorotNormal", "glorot_normal"),
    HE_UNIFORM("HeUniform", "he_uniform"),
    HE_NORMAL("HeNormal", "he_normal"),
    LECUN_UNIFORM("LecunUniform", "lecun_uniform"),
    LECUN_NORMAL("LecunNormal", "lecun_normal"),
    ORTHOGONAL("Orthogonal", "orthogonal");

    final String className;
    final String alias;

    Kind(String className, String alias) {
      this.className = className;
      this.alias = alias;
    }
  }

  /** Keras's correction so a normal truncated at 2 sigma keeps the intended variance. */
  private static final double TRUNCATION_STDDEV_FACTOR = 0.87962566103423978;

  private final Kind kind;
  private final double a; // value / mean / minval / gain
  private final double b; // stddev / maxval
  private final Long seed;

  private Initializer(Kind kind, double a, double b, Long seed) {
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.seed = seed;
  }

  /** {@code glorot_uniform} with an optional seed. */
  public static Initializer glorotUniform(Long seed) {
    return new Initializer(Kind.GLOROT_UNIFORM, 0, 0, seed);
  }

  /** {@code glorot_normal} with an optional seed. */
  public static Initializer glorotNormal(Long seed) {
    return new Initializer(Kind.GLOROT_NORMAL, 0, 0, seed);
  }

  /** {@code he_uniform} with an optional seed. */
  public static Initializer heUniform(Long seed) {
    return new Initializer(Kind.HE_UNIFORM, 0, 0, seed);
  }

  /** {@code he_normal} with an optional seed. */
  public static Initializer heNormal(Long seed) {
    return new Initializer(Kind.HE_NORMAL, 0, 0, seed);
  }

  /** {@code lecun_uniform} with an optional seed. */
  public static Initializer lecunUniform(Long seed) {
    return new Initializer(Kind.LECUN_UNIFORM, 0, 0, seed);
  }

  /** {@code lecun_normal} with an optional seed. */
  public static Initializer lecunNormal(Long seed) {
    return new Initializer(Kind.LECUN_NORMAL, 0, 0, seed);
  }

  /** {@code orthogonal} with a gain (Keras default 1.0) and an optional seed. */
  public static Initializer orthogonal(double gain, Long seed) {
    return new Initializer(Kind.ORTHOGONAL, gain, 0, seed);
  }

  /** All zeros. */
  public static Initializer zeros() {
    return new Initializer(Kind.ZEROS, 0, 0, null);
  }

  /** All ones. */
  public static Initializer ones() {
    return new Initializer(Kind.ONES, 1, 0, null);
  }

  /** Every entry {@code value}. */
  public static Initializer constant(double value) {
    return new Initializer(Kind.CONSTANT, value, 0, null);
  }

  /** {@code N(mean, stddev)}; Keras defaults are 0.0 and 0.05. */
  public static Initializer randomNormal(double mean, double stddev, Long seed) {
    requirePositive("stddev", stddev);
    return new Initializer(Kind.RANDOM_NORMAL, mean, stddev, seed);
  }

  /** {@code N(mean, stddev)} cut at two standard deviations; Keras defaults 0.0 and 0.05. */
  public static Initializer truncatedNormal(double mean, double stddev, Long seed) {
    requirePositive("stddev", stddev);
    return new Initializer(Kind.TRUNCATED_NORMAL, mean, stddev, seed);
  }

  /** {@code U(minval, maxval)}; Keras defaults are -0.05 and 0.05. */
  public static Initializer randomUniform(double minval, double maxval, Long seed) {
    if (!(minval < maxval)) {
      throw new IllegalArgumentException(
          "RandomUniform needs minval < maxval; got minval=" + minval + ", maxval=" + maxval);
    }
    return new Initializer(Kind.RANDOM_UNIFORM, minval, maxval, seed);
  }

  private static void requirePositive(String what, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(what + " must be > 0; got " + v);
    }
  }

  /** The family of this initializer. */
  public Kind kind() {
    return kind;
  }

  /** The seed, or {@code null} when unseeded. */
  public Long seed() {
    return seed;
  }

  /**
   * Draws a new array.
   *
   * @param shape 1-D {@code [n]} or 2-D {@code [fanIn, fanOut]}
   * @param dtype the data type of the result
   * @param unseeded the random source used when this initializer has no seed
   */
  public INDArray initialize(long[] shape, DataType dtype, Random unseeded) {
    long fanIn = shape.length == 0 ? 1 : shape[0];
    long fanOut = shape.length == 0 ? 1 : shape[shape.length - 1];
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    Random rng = seed != null ? new Random(seed) : unseeded;
    double[] v = new double[Math.toIntExact(n)];
    switch (kind) {
      case ZEROS:
        break;
      case ONES:
      case CONSTANT:
        java.util.Arrays.fill(v, a);
        break;
      case RANDOM_NORMAL:
        for (int i = 0; i < v.length; i++) {
          v[i] = a + b * rng.nextGaussian();
        }
        break;
      case TRUNCATED_NORMAL:
        fillTruncated(v, a, b, rng);
        break;
      case RANDOM_UNIFORM:
        fillUniform(v, a, b, rng);
        break;
      case GLOROT_UNIFORM:
        fillUniform(
            v, -limit(1.0, (fanIn + fanOut) / 2.0), limit(1.0, (fanIn + fanOut) / 2.0), rng);
        break;
      case HE_UNIFORM:
        fillUniform(v, -limit(2.0, fanIn), limit(2.0, fanIn), rng);
        break;
      case LECUN_UNIFORM:
        fillUniform(v, -limit(1.0, fanIn), limit(1.0, fanIn), rng);
        break;
      case GLOROT_NORMAL:
        fillTruncated(
            v, 0, Math.sqrt(1.0 / ((fanIn + fanOut) / 2.0)) / TRUNCATION_STDDEV_FACTOR, rng);
        break;
      case HE_NORMAL:
        fillTruncated(v, 0, Math.sqrt(2.0 / fanIn) / TRUNCATION_STDDEV_FACTOR, rng);
        break;
      case LECUN_NORMAL:
        fillTruncated(v, 0, Math.sqrt(1.0 / fanIn) / TRUNCATION_STDDEV_FACTOR, rng);
        break;
      case ORTHOGONAL:
        v = Orthogonal.sample(shape, a, rng);
        break;
      default:
        throw new IllegalStateException("unreachable: " + kind);
    }
    return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
  }

  private static double limit(double scale, double n) {
    return Math.sqrt(3.0 * scale / n);
  }

  private static void fillUniform(double[] v, double lo, double hi, Random rng) {
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * rng.nextDouble();
    }
  }

  private static void fillTruncated(double[] v, double mean, double stddev, Random rng) {
    for (int i = 0; i < v.length; i++) {
      double g;
      do {
        g = rng.nextGaussian();
      } while (Math.abs(g) > 2.0);
      v[i] = mean + stddev * g;
    }
  }

  /** The Keras 3 serialized form, for example {@code {"class_name": "GlorotUniform", ...}}. */
  public ObjectNode toJson() {
    ObjectNode c = KerasJson.object();
    switch (kind) {
      case ZEROS:
      case ONES:
        break;
      case CONSTANT:
        c.put("value", a);
        break;
      case RANDOM_NORMAL:
      case TRUNCATED_NORMAL:
        c.put("mean", a);
        c.put("stddev", b);
        putSeed(c);
        break;
      case RANDOM_UNIFORM:
        c.put("minval", a);
        c.put("maxval", b);
        putSeed(c);
        break;
      case ORTHOGONAL:
        putSeed(c);
        c.put("gain", a);
        break;
      default:
        putSeed(c);
    }
    return KerasJson.serialized("keras.initializers", kind.className, c);
  }

  private void putSeed(ObjectNode c) {
    if (seed == null) {
      c.putNull("seed");
    } else {
      c.put("seed", seed);
    }
  }

  /**
   * Reads a serialized initializer: a Keras 3 or Keras 2 dict, or a string name such as {@code
   * "glorot_uniform"}.
   *
   * @throws IllegalArgumentException for an unknown name or a malformed config
   */
  public static Initializer fromJson(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("An initializer is required; got null");
    }
    if (node.isTextual()) {
      return fromName(node.asText(), KerasJson.object());
    }
    String cls = KerasJson.className(node, "initializer");
    return fromName(cls, KerasJson.innerConfig(node));
  }

  private static Initializer fromName(String name, JsonNode c) {
    String key = name.toLowerCase(Locale.ROOT).replace("_", "");
    // Keras 3.0-3.5 serialized the orthogonal initializer by its class name then,
    // OrthogonalInitializer; Keras's deserializer still accepts it.
    if (key.endsWith("initializer") && key.length() > "initializer".length()) {
      key = key.substring(0, key.length() - "initializer".length());
    }
    for (Kind k : Kind.values()) {
      if (k.className.toLowerCase(Locale.ROOT).equals(key)
          || k.alias.replace("_", "").equals(key)) {
        return fromKind(k, c);
      }
    }
    throw new IllegalArgumentException(
        "Unknown initializer '"
            + name
            + "'; supported: "
            + java.util.Arrays.stream(Kind.values()).map(k -> k.alias).toList());
  }

  private static Initializer fromKind(Kind k, JsonNode c) {
    Long s = KerasJson.optionalLong(c, "seed");
    switch (k) {
      case ZEROS:
        return zeros();
      case ONES:
        return ones();
      case CONSTANT:
        return constant(KerasJson.number(c, "value", 0.0));
      case RANDOM_NORMAL:
        return randomNormal(
            KerasJson.number(c, "mean", 0.0), KerasJson.number(c, "stddev", 0.05), s);
      case TRUNCATED_NORMAL:
        return truncatedNormal(
            KerasJson.number(c, "mean", 0.0), KerasJson.number(c, "stddev", 0.05), s);
      case RANDOM_UNIFORM:
        return randomUniform(
            KerasJson.number(c, "minval", -0.05), KerasJson.number(c, "maxval", 0.05), s);
      case ORTHOGONAL:
        return orthogonal(KerasJson.number(c, "gain", 1.0), s);
      default:
        return new Initializer(k, 0, 0, s);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Initializer)) {
      return false;
    }
    Initializer other = (Initializer) o;
    return kind == other.kind
        && Double.compare(a, other.a) == 0
        && Double.compare(b, other.b) == 0
        && Objects.equals(seed, other.seed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, a, b, seed);
  }

  @Override
  public String toString() {
    return KerasJson.write(toJson());
  }

  /** A config key holding an initializer (absent or null reads as the default). */
  public static ConfigKey<Initializer> key(String name, Initializer defaultValue) {
    return ConfigKey.of(
            name,
            defaultValue,
            (c, k, ctx) -> c.hasNonNull(k.name()) ? fromJson(c.get(k.name())) : k.defaultValue(),
            Initializer::toJson)
        .check((owner, v) -> Objects.requireNonNull(v, name));
  }
}
