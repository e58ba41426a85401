package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * One training row: a sequence (token ids, or vectors of {@code dim} features flattened in time
 * order) and its target, a class index for the whole sequence or one tag index per step.
 *
 * @param values ids ({@code dim == 0}) or {@code length * dim} features
 * @param length time steps
 * @param dim features per step, 0 for token ids
 * @param label class index of the sequence (the largest tag for a tagged sequence)
 * @param tags tag index per step ({@code length} of them), or {@code null} for a classified one
 */
@com.esotericsoftware.kryo.DefaultSerializer(SequenceExampleKryo.class)
public record SequenceExample(float[] values, int length, int dim, int label, int[] tags)
    implements Serializable {
  /** A classified sequence. */
  public SequenceExample(float[] values, int length, int dim, int label) {
    this(values, length, dim, label, null);
  }

  /**
   * A tagged sequence.
   *
   * @throws IllegalArgumentException when there is not one tag per step
   */
  public static SequenceExample tagged(float[] values, int length, int dim, int[] tags) {
    if (tags.length != length) {
      throw new IllegalArgumentException(
          "a sequence of " + length + " steps needs " + length + " tags; received " + tags.length);
    }
    int max = -1;
    for (int t : tags) {
      max = Math.max(max, t);
    }
    return new SequenceExample(values, length, dim, max, tags);
  }

  /**
   * A hash of the content (values and target) with well-mixed low bits, the key that spreads rows
   * over workers. {@code Arrays.hashCode} alone will not do: for integral values (token ids) its
   * parity is fixed, so {@code HashPartitioner(2)} would split the rows by label parity and each
   * worker would see only half of the classes.
   */
  public int contentHash() {
    int h = java.util.Arrays.hashCode(values) * 31 + label;
    if (tags != null) {
      // Only tagged rows mix their tags in: a classified row keeps the hash (so the partitioning,
      // the validation split and the model) it had before tags existed.
      h = h * 31 + java.util.Arrays.hashCode(tags);
    }
    // MurmurHash3's 32-bit finalizer: every input bit reaches every output bit.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * Whether this row belongs to the validation share {@code fraction} under {@code seed}: a
   * function of the row's content only, so the split is the same however the input is partitioned
   * or recomputed (a {@code randomSplit} of an input that comes through a shuffle can put a row in
   * both sets or in neither).
   */
  public boolean inValidation(double fraction, long seed) {
    return inValidation(contentHash(), fraction, seed);
  }

  /**
   * {@link #inValidation(double, long)} of a row whose {@link #contentHash} is known: the hash
   * reads every value, so a caller that already has it (the fit's one pass, which places rows by
   * it) does not read them twice.
   */
  public static boolean inValidation(int contentHash, double fraction, long seed) {
    long h = Batching.mix(seed, contentHash);
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }

  /**
   * Java serialization writes {@link ExampleForm} instead: a fit's rows cross a shuffle once, and
   * the default form of a {@code float[]} converts it one value at a time (about 95 ms a core for
   * the 125 MB of 2,560 rows of 100 x 128 features, against 15 ms as one bulk copy).
   */
  private Object writeReplace() {
    return new ExampleForm(this);
  }
}
