package org.birnn.benchmarks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DL4J 1.0.0-M2.1 peer: {@code Bidirectional(CONCAT, LSTM)} in a {@code MultiLayerNetwork} with
 * a parameter-free MSE loss layer (the training step is {@code fit} on one batch with SGD). DL4J
 * has no GRU layer, so W3 has no DL4J row. Inputs are DL4J's {@code [batch, features, time]}.
 */
final class Dl4jPeer implements Candidate {
  private final boolean training;
  private final MultiLayerNetwork net;
  private final INDArray x;
  private final INDArray mask;
  private final DataSet data;

  Dl4jPeer(Workload w, Inputs in, boolean training) {
    this.training = training;
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .updater(new Sgd(1e-6))
            .list()
            .layer(
                new Bidirectional(
                    Bidirectional.Mode.CONCAT,
                    new LSTM.Builder()
                        .nIn(w.input())
                        .nOut(w.units())
                        .activation(Activation.TANH)
                        .build()))
            .layer(
                new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                    .activation(Activation.IDENTITY)
                    .build())
            .build();
    net = new MultiLayerNetwork(conf);
    net.init();
    x = in.x().permute(0, 2, 1).dup('c');
    mask = in.mask();
    INDArray labels = Nd4j.zeros(x.dataType(), w.batch(), 2L * w.units(), w.time());
    data = new DataSet(x, labels, mask, mask);
  }

  static boolean supports(Workload w) {
    return !w.cell().equals("gru");
  }

  @Override
  public String name() {
    return "DL4J Bidirectional";
  }

  @Override
  public void run() {
    if (training) {
      net.fit(data);
    } else {
      net.output(x, false, mask, null);
    }
  }
}
