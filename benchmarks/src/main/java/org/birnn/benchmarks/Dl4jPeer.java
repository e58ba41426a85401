package org.birnn.benchmarks;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DL4J 1.0.0-M2.1 peer: {@code Bidirectional(CONCAT, LSTM)} in a {@code MultiLayerNetwork} with
 * a parameter-free MSE loss layer (the training step is {@code fit} on one batch with SGD). DL4J
 * has no GRU layer, so W3 has no DL4J row. Inputs are DL4J's {@code [batch, features, time]}. It
 * runs on our layer's weights, its gate blocks reordered from Keras {@code i, f, c, o} to DL4J's
 * {@code c, f, o, i} (as DL4J's own Keras import does), so its output is checked like the others.
 */
final class Dl4jPeer implements Candidate {
  private final boolean training;
  private final MultiLayerNetwork net;
  private final INDArray x;
  private final INDArray mask;
  private final DataSet data;

  Dl4jPeer(Workload w, Inputs in, boolean training, List<INDArray> kerasWeights) {
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
    String[] prefix = {"f", "b"};
    for (int d = 0; d < 2; d++) {
      var layer = net.getLayer(0);
      layer.setParam(prefix[d] + "W", toDl4j(kerasWeights.get(3 * d), w.units()));
      layer.setParam(prefix[d] + "RW", toDl4j(kerasWeights.get(3 * d + 1), w.units()));
      layer.setParam(
          prefix[d] + "b",
          toDl4j(kerasWeights.get(3 * d + 2).reshape(1, 4L * w.units()), w.units()));
    }
    x = in.x().permute(0, 2, 1).dup('c');
    mask = in.mask();
    INDArray labels = Nd4j.zeros(x.dataType(), w.batch(), 2L * w.units(), w.time());
    data = new DataSet(x, labels, mask, mask);
  }

  /** Keras gate columns {@code i, f, c, o} as DL4J's {@code c, f, o, i}. */
  private static INDArray toDl4j(INDArray keras, int u) {
    INDArray k = keras.castTo(DataType.FLOAT);
    int[] from = {2, 1, 3, 0};
    INDArray[] blocks = new INDArray[4];
    for (int g = 0; g < 4; g++) {
      blocks[g] =
          k.get(NDArrayIndex.all(), NDArrayIndex.interval((long) from[g] * u, (from[g] + 1L) * u));
    }
    return Nd4j.hstack(blocks);
  }

  @Override
  public float[] output() {
    INDArray out = net.output(x, false, mask, null); // [batch, 2 units, time]
    return out.permute(0, 2, 1).castTo(DataType.FLOAT).dup('c').data().asFloat();
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
