package org.birnn.benchmarks;

import java.util.List;
import org.birnn.layers.rnn.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks once per run that the libtorch peer computes what our layer computes. */
final class PeerCheck {
  private PeerCheck() {}

  static void verify() {
    for (String cell : List.of("lstm", "gru")) {
      Workload tiny =
          new Workload(
              "check",
              cell,
              Integer.getInteger("pb", 4),
              Integer.getInteger("pt", 6),
              Integer.getInteger("pf", 16),
              Integer.getInteger("pu", 16),
              false);
      Inputs in = Inputs.of(tiny, 3);
      BirnnCandidate ours = new BirnnCandidate("ours", tiny, in, false, Kernels.reference());
      INDArray expected = ours.output().castTo(DataType.FLOAT).dup('c');
      try (TorchPeer torch = new TorchPeer(tiny, in, false, ours.weights())) {
        float[] got = torch.output();
        float[] want = expected.data().asFloat();
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
          worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        System.out.printf("libtorch peer check (%s): max |difference| %.2e%n", cell, worst);
        if (worst > 1e-4) {
          System.out.printf(
              "WARNING: libtorch's %s output differs from ours by up to %.2e; its rows time a"
                  + " kernel of the same shape and FLOPs but are not numerically verified (libtorch"
                  + " 2.7.1's LSTM was seen to compute wrong values with AVX-512 on a 2-core VM;"
                  + " DNNL_MAX_CPU_ISA=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 made it exact)%n",
              cell, worst);
        }
      }
    }
  }
}
