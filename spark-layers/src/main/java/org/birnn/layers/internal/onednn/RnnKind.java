package org.birnn.layers.internal.onednn;

import org.birnn.layers.activations.Activation;
import org.birnn.layers.rnn.cells.GruCell;
import org.birnn.layers.rnn.cells.LstmCell;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.cells.SimpleRnnCell;
import org.bytedeco.dnnl.global.dnnl;

/**
 * The oneDNN RNN algorithm that computes a Keras cell exactly, with its gate and bias counts.
 *
 * <p>oneDNN's gate orders are Keras's: LSTM {@code i, f, c, o}; GRU {@code u (= z), r, o (= h)}.
 * Keras {@code reset_after=True} is oneDNN's "linear before reset" GRU, whose bias has a fourth
 * block (the recurrent bias of the candidate); the other Keras biases map one to one.
 */
enum RnnKind {
  LSTM(4, 4, 2),
  GRU(3, 3, 1),
  LBR_GRU(3, 4, 1),
  VANILLA(1, 1, 1);

  /** Gate blocks in the weights. */
  final int gates;

  /** Bias blocks in oneDNN's bias {@code [biasGates, units]}. */
  final int biasGates;

  /** State tensors ({@code h}, and {@code c} for LSTM). */
  final int states;

  RnnKind(int gates, int biasGates, int states) {
    this.gates = gates;
    this.biasGates = biasGates;
    this.states = states;
  }

  /**
   * The kind computing {@code cell}, or {@code null} when oneDNN has no exact equivalent (other
   * activations, user cells).
   */
  static RnnKind of(RecurrentCell cell) {
    if (cell instanceof LstmCell lstm) {
      return standardGates(lstm.activation(), lstm.recurrentActivation()) ? LSTM : null;
    }
    if (cell instanceof GruCell gru) {
      if (!standardGates(gru.activation(), gru.recurrentActivation())) {
        return null;
      }
      return gru.resetAfter() ? LBR_GRU : GRU;
    }
    if (cell instanceof SimpleRnnCell rnn) {
      return vanillaAlgorithm(rnn.activation()) != null ? VANILLA : null;
    }
    return null;
  }

  /** The primitive's activation for {@code cell}: SimpleRNN's own, {@code undef} for the others. */
  static dnnl.algorithm activation(RecurrentCell cell) {
    return cell instanceof SimpleRnnCell rnn
        ? vanillaAlgorithm(rnn.activation())
        : dnnl.algorithm.undef;
  }

  /** The eltwise algorithm of a SimpleRNN activation, or {@code null} if oneDNN lacks it. */
  static dnnl.algorithm vanillaAlgorithm(Activation activation) {
    return switch (activation) {
      case TANH -> dnnl.algorithm.eltwise_tanh;
      case RELU -> dnnl.algorithm.eltwise_relu;
      case SIGMOID -> dnnl.algorithm.eltwise_logistic;
      default -> null;
    };
  }

  private static boolean standardGates(Activation activation, Activation recurrent) {
    return activation == Activation.TANH && recurrent == Activation.SIGMOID;
  }
}
