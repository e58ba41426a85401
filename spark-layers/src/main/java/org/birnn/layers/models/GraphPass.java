package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.PassOutputs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One run through a model's graph, as Keras's functional {@code _run_through_graph}: the value and
 * mask of every tensor, each node's call and the loss terms the calls add; and the backward pass of
 * that run into the model's flat gradients.
 */
final class GraphPass {
  final Map<KerasTensor, INDArray> values = new IdentityHashMap<>();
  final Map<KerasTensor, INDArray> masks = new IdentityHashMap<>();
  final Map<KerasTensor.Node, LayerCall> calls = new IdentityHashMap<>();
  private final List<KerasTensor> outputs;
  double penalty;

  private GraphPass(List<KerasTensor> outputs) {
    this.outputs = outputs;
  }

  INDArray output(int i) {
    return values.get(outputs.get(i));
  }

  INDArray outputMask(int i) {
    return masks.get(outputs.get(i));
  }

  /**
   * Runs the nodes in topological {@code order} on {@code xs}; an inference pass offers each node
   * its reused output buffer from {@code reuse} (a training pass offers none: the backward pass
   * reads the values) and copies out any result that shares one.
   *
   * @throws IllegalArgumentException naming the model, for a wrong input count or shape
   */
  static GraphPass forward(
      String model,
      List<KerasTensor> inputs,
      List<KerasTensor> outputs,
      List<KerasTensor.Node> order,
      List<INDArray> xs,
      boolean training,
      PassOutputs reuse) {
    if (xs.size() != inputs.size()) {
      throw new IllegalArgumentException(
          "Model '"
              + model
              + "' expects "
              + inputs.size()
              + " input array(s); received "
              + xs.size());
    }
    GraphPass p = new GraphPass(outputs);
    PassOutputs.Pass buffers = training ? null : reuse.begin();
    for (int i = 0; i < inputs.size(); i++) {
      checkInput(model, i, inputs.get(i).shape(), xs.get(i));
      p.values.put(inputs.get(i), xs.get(i));
    }
    for (KerasTensor.Node n : order) {
      if (n.inputs().isEmpty()) {
        continue;
      }
      List<INDArray> in = new ArrayList<>();
      List<INDArray> inMasks = new ArrayList<>();
      for (KerasTensor t : n.inputs()) {
        in.add(p.values.get(t));
        inMasks.add(p.masks.get(t));
      }
      LayerCall call =
          buffers == null
              ? n.layer().forward(in, inMasks, training)
              : buffers.call(n, () -> n.layer().forward(in, inMasks, training));
      p.calls.put(n, call);
      p.penalty += call.penalty();
      for (int k = 0; k < n.outputs().size(); k++) {
        p.values.put(n.outputs().get(k), call.outputs().get(k));
        p.masks.put(n.outputs().get(k), call.outputMasks().get(k));
      }
    }
    if (buffers != null) {
      for (KerasTensor t : outputs) {
        p.values.put(t, buffers.detach(p.values.get(t)));
        p.masks.put(t, buffers.detach(p.masks.get(t)));
      }
      buffers.end();
    }
    return p;
  }

  private static void checkInput(String model, int i, long[] expected, INDArray x) {
    long[] got = x.shape();
    boolean ok = got.length == expected.length;
    for (int d = 1; ok && d < got.length; d++) {
      ok = expected[d] < 0 || expected[d] == got[d];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "Input "
              + i
              + " of model '"
              + model
              + "' has shape "
              + Arrays.toString(got)
              + "; expected "
              + Arrays.toString(expected)
              + " (-1 = any)");
    }
  }

  /** Backpropagates {@code dOutput} (for output 0) in reverse {@code order} into {@code store}. */
  void backward(List<KerasTensor.Node> order, INDArray dOutput, ParameterStore store) {
    Map<KerasTensor, INDArray> d = new IdentityHashMap<>();
    d.put(outputs.get(0), dOutput);
    for (int i = order.size() - 1; i >= 0; i--) {
      KerasTensor.Node n = order.get(i);
      LayerCall call = calls.get(n);
      if (call == null) {
        continue;
      }
      List<INDArray> dOut = new ArrayList<>();
      boolean any = false;
      for (KerasTensor t : n.outputs()) {
        INDArray g = d.get(t);
        dOut.add(g);
        any |= g != null;
      }
      if (!any) {
        continue;
      }
      LayerCall.Gradients bp = call.backward(dOut);
      store.addGrads(n.layer(), bp.weights());
      store.addRowGrads(n.layer(), bp.rows());
      for (int k = 0; k < n.inputs().size(); k++) {
        INDArray g = k < bp.inputs().size() ? bp.inputs().get(k) : null;
        if (g != null) {
          KerasTensor t = n.inputs().get(k);
          INDArray prev = d.get(t);
          d.put(t, prev == null ? g : prev.add(g));
        }
      }
    }
  }
}
