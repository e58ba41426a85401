package org.birnn.layers.rnn;

/**
 * The recurrent cell families, with their Keras class names, cell names and gate counts.
 *
 * <p>Gate blocks along the last axis of the fused weights: LSTM {@code i, f, c, o}; GRU {@code z,
 * r, h}; SimpleRNN one block.
 */
public enum CellType {
  /** Long short-term memory (Hochreiter and Schmidhuber, 1997): 4 gates, states {@code [h, c]}. */
  LSTM("LSTM", "lstm", 4, 2),
  /** Gated recurrent unit (Cho et al., 2014): 3 gates, state {@code [h]}. */
  GRU("GRU", "gru", 3, 1),
  /** Fully connected recurrence {@code h' = act(x K + b + h R)}: state {@code [h]}. */
  SIMPLE_RNN("SimpleRNN", "simple_rnn", 1, 1);

  private final String className;
  private final String baseName;
  private final int gates;
  private final int stateCount;

  CellType(String className, String baseName, int gates, int stateCount) {
    this.className = className;
    this.baseName = baseName;
    this.gates = gates;
    this.stateCount = stateCount;
  }

  /** The Keras {@code class_name}, for example {@code "LSTM"}. */
  public String className() {
    return className;
  }

  /** The snake-case base of default layer names, for example {@code "simple_rnn"}. */
  public String baseName() {
    return baseName;
  }

  /** Number of gate blocks in the fused kernel. */
  public int gates() {
    return gates;
  }

  /** Number of state tensors ({@code [h, c]} for LSTM, {@code [h]} otherwise). */
  public int stateCount() {
    return stateCount;
  }

  /** The type whose Keras class name is {@code className}, or {@code null}. */
  public static CellType forClassName(String className) {
    for (CellType t : values()) {
      if (t.className.equals(className)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The type named {@code name}: its Keras class name ({@code "LSTM"}) or base name ({@code
   * "simple_rnn"}), case-insensitively.
   *
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  public static CellType fromName(String name) {
    for (CellType t : values()) {
      if (t.className.equalsIgnoreCase(name) || t.baseName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "Unknown cell type '" + name + "'; expected lstm, gru or simple_rnn");
  }
}
