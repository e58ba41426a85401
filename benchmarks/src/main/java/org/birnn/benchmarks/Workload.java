package org.birnn.benchmarks;

/**
 * A benchmark shape: bidirectional {@code cell} with concat merge over {@code [batch, time, input]}
 * inputs; {@code variableLengths} draws lengths in [5, time] and masks the padding (W4).
 */
record Workload(
    String name, String cell, int batch, int time, int input, int units, boolean variableLengths) {
  /** W1: LSTM, batch 64, 100 steps, 128 features, 128 units. */
  static final Workload W1 = new Workload("W1", "lstm", 64, 100, 128, 128, false);

  /** W2: W1 with 256 units. */
  static final Workload W2 = new Workload("W2", "lstm", 64, 100, 128, 256, false);

  /** W3: GRU at W1's shape. */
  static final Workload W3 = new Workload("W3", "gru", 64, 100, 128, 128, false);

  /** W4: W1 with text-like lengths 5..200, masked. */
  static final Workload W4 = new Workload("W4", "lstm", 64, 200, 128, 128, true);

  /**
   * A workload by name ({@code W1}..{@code W4}) or as {@link #spec()} writes it: {@code
   * name:cell:batch:time:input:units:variableLengths}.
   */
  static Workload byName(String n) {
    if (n.contains(":")) {
      return RecordSpec.parse(Workload.class, n);
    }
    return switch (n) {
      case "W1" -> W1;
      case "W2" -> W2;
      case "W3" -> W3;
      case "W4" -> W4;
      default ->
          throw new IllegalArgumentException(
              "Unknown workload '" + n + "'; expected W1, W2, W3 or W4");
    };
  }

  /** This workload in the form {@link #byName} reads back, for a candidate's own JVM. */
  String spec() {
    return RecordSpec.of(this);
  }

  int gates() {
    return cell.equals("gru") ? 3 : 4;
  }

  /**
   * The FLOP model of the issue: {@code 2 * batch * gates * units * (input + units)} per step and
   * direction.
   */
  double forwardFlops() {
    return 2.0 * batch * gates() * units * (input + units) * time * 2;
  }
}
