package org.birnn.benchmarks;

import java.util.List;
import org.birnn.layers.LayerCall;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.rnn.RNN;
import org.birnn.layers.rnn.RecurrentLayer;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.birnn.layers.utils.NativeMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our {@code Bidirectional(concat)} layer on a chosen sequence kernel. A training step is the
 * forward pass, the backward pass of {@code sum(output)} and a plain SGD update of every weight.
 */
final class BirnnCandidate implements Candidate {
  private final String name;
  private final Bidirectional layer;
  private final Inputs in;
  private final boolean training;

  BirnnCandidate(String name, Workload w, Inputs in, boolean training, SequenceKernel kernel) {
    this.name = name;
    this.in = in;
    this.training = training;
    RecurrentLayer cell =
        w.cell().equals("gru")
            ? GRU.builder().units(w.units()).returnSequences(true).seed(7L).build()
            : LSTM.builder().units(w.units()).returnSequences(true).seed(7L).build();
    this.layer = Bidirectional.of(cell);
    layer.build(in.x().shape());
    ((RNN) layer.forwardLayer()).setKernel(kernel);
    ((RNN) layer.backwardLayer()).setKernel(kernel);
  }

  /** The layer's weights in Keras order (forward kernel, recurrent, bias, then backward). */
  List<INDArray> weights() {
    return layer.getWeights();
  }

  @Override
  public float[] output() {
    return layer
        .call(in.x(), in.mask(), null, false)
        .output()
        .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
        .dup('c')
        .data()
        .asFloat();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run() {
    LayerCall out = layer.call(in.x(), in.mask(), null, training);
    if (training) {
      INDArray ones = Nd4j.onesLike(out.output());
      LayerCall.Gradients g = out.backward(ones);
      List<INDArray> weights = layer.weightArrays();
      for (int i = 0; i < weights.size(); i++) {
        weights.get(i).subi(g.weights().get(i).mul(1e-6));
      }
      // Done with them, as the libtorch peer closes its tensors: buffers go back for reuse.
      NativeMemory.release(ones);
      NativeMemory.release(g.input());
    }
    NativeMemory.release(out.output());
  }
}
