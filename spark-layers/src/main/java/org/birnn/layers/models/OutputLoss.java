package org.birnn.layers.models;

import org.birnn.layers.Layer;
import org.birnn.layers.crf.CRF;
import org.birnn.layers.losses.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The compiled loss of a model's first output: the {@link Loss} itself, or for {@code crf_loss} the
 * output CRF layer's log-likelihood, whose gradient also reaches the CRF's own weights.
 */
final class OutputLoss {
  private OutputLoss() {}

  /** Refuses {@code crf_loss} for a model whose first output does not come from a CRF. */
  static void check(Model model, Loss loss) {
    Layer out = loss.kind() == Loss.Kind.CRF_LOSS ? model.outputLayer() : null;
    if (out != null && !(out instanceof CRF)) {
      throw new IllegalArgumentException(
          "Loss crf_loss needs a model whose output layer is a CRF; model '"
              + model.name()
              + "' ends in "
              + out);
    }
  }

  /**
   * The loss of pass {@code p} against {@code y}; with {@code store}, the CRF's weight gradients
   * are added to it.
   */
  static Loss.Value compute(Model model, GraphPass p, INDArray y, ParameterStore store) {
    Loss loss = model.loss();
    if (loss.kind() != Loss.Kind.CRF_LOSS) {
      return loss.compute(y, p.output(0), p.outputMask(0));
    }
    if (!(model.outputLayer() instanceof CRF crf)) {
      throw new IllegalStateException(
          "Loss crf_loss needs a model whose output layer is a CRF; model '"
              + model.name()
              + "' ends in "
              + model.outputLayer());
    }
    CRF.Value v = crf.loss(y, p.output(0), p.outputMask(0));
    if (store != null) {
      store.addGrads(crf, v.weightGradients());
    }
    return v.loss();
  }
}
