package org.birnn.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The libtorch peer: {@code torch::lstm}/{@code torch::gru}, bidirectional, batch-first, called
 * through DJL's PyTorch engine (offline, natives from the {@code pytorch-native-cpu} jar).
 *
 * <p>DJL's own {@code LSTM}/{@code GRU} blocks hand bidirectional weights to libtorch in the wrong
 * order, so the kernel is called directly with libtorch's parameter order ({@link TorchWeights});
 * the harness checks its output against {@link Float64Reference}.
 */
final class TorchPeer implements Candidate {
  private final Workload w;
  private final boolean training;
  private final NDManager manager;
  private final NDArray x;
  private final NDList params = new NDList();
  private final NDList state = new NDList();

  /** Why libtorch cannot run here, or {@code null}. */
  static String unavailable() {
    try {
      Engine.getEngine("PyTorch");
      return null;
    } catch (Throwable t) { // no natives for this platform: the peer is skipped, with the reason
      return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
  }

  TorchPeer(Workload w, Inputs in, boolean training, List<INDArray> kerasWeights) {
    this.w = w;
    this.training = training;
    this.manager = NDManager.newBaseManager("PyTorch");
    this.x = array(in.x());
    int u = w.units();
    for (int dir = 0; dir < 2; dir++) {
      TorchWeights.of(w.cell(), u, kerasWeights.subList(3 * dir, 3 * dir + 3))
          .forEach(a -> params.add(array(a)));
    }
    Shape s = new Shape(2, w.batch(), u);
    state.add(manager.zeros(s));
    if (!w.cell().equals("gru")) {
      state.add(manager.zeros(s));
    }
    if (training) {
      params.forEach(p -> p.setRequiresGradient(true));
    }
  }

  private NDArray array(INDArray a) {
    return TorchWeights.toTorch(manager, a);
  }

  @Override
  public String name() {
    return "libtorch (DJL)";
  }

  private NDList forward() {
    var ex = x.getNDArrayInternal();
    return w.cell().equals("gru")
        ? ex.gru(x, state.get(0), params, true, 1, 0, training, true, true)
        : ex.lstm(x, state, params, true, 1, 0, training, true, true);
  }

  @Override
  public float[] output() {
    try (NDList out = forward()) {
      return out.get(0).toFloatArray();
    }
  }

  @Override
  public void run() {
    if (!training) {
      forward().close();
      return;
    }
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDList out = forward();
      NDArray loss = out.get(0).sum();
      gc.backward(loss);
      loss.close();
      out.close();
    }
    for (NDArray p : params) {
      try (NDArray g = p.getGradient();
          NDArray step = g.mul(1e-6f)) {
        p.subi(step);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
