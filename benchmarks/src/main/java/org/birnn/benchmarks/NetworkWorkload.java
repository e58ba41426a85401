package org.birnn.benchmarks;

/**
 * A stage's own network on text-shaped data: {@code Embedding(vocab, embeddingDim, mask_zero)},
 * {@code layers} stacked {@code Bidirectional(cell(units))} (concat), a {@code Dense} softmax on
 * the last step ({@code perStep} false: the classifier) or on every step (the tagger), sparse
 * cross-entropy and Adam at the stages' default step size; {@code dataBatches} padded batches of
 * {@code batch} token-id sequences with lengths drawn in {@code [minLength, maxLength]}.
 */
record NetworkWorkload(
    String name,
    String cell,
    int layers,
    int units,
    int embeddingDim,
    int vocab,
    int classes,
    boolean perStep,
    int batch,
    int minLength,
    int maxLength,
    int dataBatches) {

  /**
   * W5 (the classifier's default network: LSTM, 32 units, one layer, 4 classes), W6 (the same with
   * GRU, 128 units, two stacked layers) or W7 (the tagger's default network: per-step softmax over
   * 9 tags, masked per-token loss).
   */
  static NetworkWorkload of(
      String name, int batch, int minLength, int maxLength, int vocab, int dataBatches) {
    return switch (name) {
      case "W5" ->
          new NetworkWorkload(
              name, "lstm", 1, 32, 32, vocab, 4, false, batch, minLength, maxLength, dataBatches);
      case "W6" ->
          new NetworkWorkload(
              name, "gru", 2, 128, 32, vocab, 4, false, batch, minLength, maxLength, dataBatches);
      case "W7" ->
          new NetworkWorkload(
              name, "lstm", 1, 32, 32, vocab, 9, true, batch, minLength, maxLength, dataBatches);
      default ->
          throw new IllegalArgumentException(
              "Unknown network workload '" + name + "'; expected W5, W6 or W7");
    };
  }

  /** This workload as one token, read back by {@link #parse}. */
  String spec() {
    return RecordSpec.of(this);
  }

  static NetworkWorkload parse(String spec) {
    return RecordSpec.parse(NetworkWorkload.class, spec);
  }

  /** A label such as {@code W5 batch 32, lengths 5-60}. */
  String label() {
    return String.format("%s batch %d, lengths %d-%d", name, batch, minLength, maxLength);
  }
}
