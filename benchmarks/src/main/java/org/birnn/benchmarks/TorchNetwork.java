package org.birnn.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.models.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The libtorch peer for a stage's network, through DJL at libtorch's defaults: {@code
 * torch::embedding} (dense gradient, as {@code nn.Embedding} by default), {@code torch::lstm} or
 * {@code torch::gru} (bidirectional, batch-first, stacked) over the padded batch, the last step or
 * every step through a linear layer, log-softmax cross-entropy (mean over sequences, or over real
 * tokens for the tagger), and Adam in Keras's form (epsilon 1e-7 added to {@code sqrt(v)}), the
 * element-wise ops of {@code torch.optim.Adam}'s single-tensor path, the CPU default. It starts
 * from the same weights as ours ({@link TorchWeights}); padding is not masked (libtorch has no
 * mask, and a packed sequence is not what a padded batch gets by default).
 */
final class TorchNetwork implements Candidate, SelfChecked {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-7f;

  private final NetworkWorkload w;
  private final boolean training;
  private final float learningRate;
  private final NDManager manager;
  private final NDArray embedding;
  private final NDList rnn = new NDList();
  private final NDArray denseKernel;
  private final NDArray denseBias;
  private final List<NDArray> trained = new ArrayList<>();
  private final List<NDArray[]> moments = new ArrayList<>();
  private final NDList state = new NDList();
  private final List<TextBatch> data;
  private final List<NDArray[]> batches = new ArrayList<>(); // ids, labels, mask
  private final List<INDArray> kerasWeights;
  private int step;
  private int next;

  /**
   * @param kerasWeights our network's initial weights in Keras order
   * @param learningRate Adam's step size
   */
  TorchNetwork(
      NetworkWorkload w,
      List<TextBatch> data,
      boolean training,
      List<INDArray> kerasWeights,
      float learningRate) {
    this.w = w;
    this.training = training;
    this.learningRate = learningRate;
    this.data = data;
    this.kerasWeights = kerasWeights;
    this.manager = NDManager.newBaseManager("PyTorch");
    embedding = trainable(array(kerasWeights.get(0)));
    for (int l = 0; l < w.layers(); l++) {
      for (int d = 0; d < 2; d++) {
        List<INDArray> torch =
            TorchWeights.of(
                w.cell(), w.units(), kerasWeights.subList(1 + 6 * l + 3 * d, 4 + 6 * l + 3 * d));
        for (int k = 0; k < 4; k++) {
          NDArray p = array(torch.get(k));
          // Keras's LSTM has one bias: libtorch's second stays zero and untrained.
          rnn.add(w.cell().equals("lstm") && k == 3 ? p : trainable(p));
        }
      }
    }
    denseKernel = trainable(array(kerasWeights.get(kerasWeights.size() - 2)));
    denseBias = trainable(array(kerasWeights.get(kerasWeights.size() - 1)));
    Shape s = new Shape(2L * w.layers(), w.batch(), w.units());
    state.add(manager.zeros(s));
    if (w.cell().equals("lstm")) {
      state.add(manager.zeros(s));
    }
    for (TextBatch b : data) {
      long[] ids = new long[b.ids().length];
      float[] mask = new float[ids.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (long) b.ids()[i];
        mask[i] = ids[i] == 0 ? 0 : 1;
      }
      long[] labels = new long[b.labels().length];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (long) b.labels()[i];
      }
      Shape bt = new Shape(b.batch(), b.time());
      batches.add(
          new NDArray[] {
            manager.create(ids, bt),
            manager.create(labels, w.perStep() ? bt : new Shape(b.batch())),
            manager.create(mask, bt)
          });
    }
  }

  private NDArray trainable(NDArray p) {
    trained.add(p);
    moments.add(new NDArray[] {p.zerosLike(), p.zerosLike()});
    if (training) {
      p.setRequiresGradient(true);
    }
    return p;
  }

  private NDArray array(INDArray a) {
    return TorchWeights.toTorch(manager, a);
  }

  @Override
  public String name() {
    return "libtorch";
  }

  /**
   * Logits {@code [batch, classes]} or {@code [batch, time, classes]}; temporaries to {@code t}.
   */
  private NDArray logits(NDArray ids, List<NDArray> t) {
    NDArray x = keep(t, ids.getNDArrayInternal().embedding(ids, embedding, SparseFormat.DENSE));
    NDList out =
        w.cell().equals("gru")
            ? x.getNDArrayInternal()
                .gru(x, state.get(0), rnn, true, w.layers(), 0, training, true, true)
            : x.getNDArrayInternal().lstm(x, state, rnn, true, w.layers(), 0, training, true, true);
    out.forEach(t::add);
    NDArray h = out.get(0); // [batch, time, 2 units]
    if (!w.perStep()) {
      int u = w.units();
      NDArray fwd = keep(t, h.get(":, -1, :" + u));
      NDArray bwd = keep(t, h.get(":, 0, " + u + ":"));
      h = keep(t, fwd.concat(bwd, 1));
    }
    NDArray z = keep(t, h.matMul(denseKernel));
    return keep(t, z.add(denseBias));
  }

  private static NDArray keep(List<NDArray> t, NDArray a) {
    t.add(a);
    return a;
  }

  private static NDArray keep(List<NDArray> t, NDList a) {
    a.forEach(t::add);
    return a.get(0);
  }

  @Override
  public void run() {
    NDArray[] b = batches.get(next++ % batches.size());
    List<NDArray> t = new ArrayList<>();
    if (!training) {
      keep(t, logits(b[0], t).softmax(-1));
      t.forEach(NDArray::close);
      return;
    }
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray logp = keep(t, logits(b[0], t).logSoftmax(-1));
      NDArray hot = keep(t, b[1].oneHot(w.classes()));
      NDArray nll = keep(t, keep(t, logp.mul(hot)).sum(new int[] {-1}).neg());
      NDArray loss =
          w.perStep()
              ? keep(t, keep(t, keep(t, nll.mul(b[2])).sum()).div(keep(t, b[2].sum())))
              : keep(t, nll.mean());
      gc.backward(loss);
    }
    t.forEach(NDArray::close);
    adam();
  }

  /** Keras's Adam, per parameter tensor, in place. */
  private void adam() {
    step++;
    float alpha =
        (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step)));
    for (int i = 0; i < trained.size(); i++) {
      NDArray p = trained.get(i);
      NDArray m = moments.get(i)[0];
      NDArray v = moments.get(i)[1];
      try (NDArray g = p.getGradient();
          NDArray g1 = g.mul(1 - BETA1);
          NDArray g2 = g.square()) {
        m.muli(BETA1).addi(g1);
        g2.muli(1 - BETA2);
        v.muli(BETA2).addi(g2);
        try (NDArray denom = v.sqrt();
            NDArray update = m.div(denom.addi(EPSILON))) {
          p.subi(update.muli(alpha));
        }
        g.muli(0); // gradients accumulate in libtorch until zeroed
      }
    }
  }

  /** Probabilities of batch {@code k}, row-major. */
  float[] probabilities(int k) {
    List<NDArray> t = new ArrayList<>();
    float[] p = keep(t, logits(batches.get(k)[0], t).softmax(-1)).toFloatArray();
    t.forEach(NDArray::close);
    return p;
  }

  @Override
  public float[] output() {
    return probabilities(0);
  }

  /**
   * The larger of: the difference of its scoring from the float64 network on the same padded batch
   * (no mask), and, for training, the difference of its probabilities after four Adam steps from
   * ours after the same steps from the same weights, on full-length sequences (where masked and
   * padded agree). Our side of the second check runs on our reference kernel, so this JVM never
   * loads our oneDNN.
   */
  @Override
  public double checkError() {
    double scoring =
        new NetworkReference(w, kerasWeights).maxError(data.get(0), 8, false, output());
    if (!training) {
      System.err.printf("libtorch %s scoring check: %.2e against float64%n", w.name(), scoring);
      return scoring;
    }
    NetworkWorkload small =
        new NetworkWorkload(
            w.name(),
            w.cell(),
            w.layers(),
            w.units(),
            w.embeddingDim(),
            w.vocab(),
            w.classes(),
            w.perStep(),
            8,
            Math.min(12, w.maxLength()),
            Math.min(12, w.maxLength()),
            2);
    List<TextBatch> full = TextBatch.of(small, 2, 99, true);
    String kernel = System.getProperty("birnn.kernel");
    System.setProperty("birnn.kernel", "reference");
    Model ours = BirnnNetwork.network(small);
    if (kernel == null) {
      System.clearProperty("birnn.kernel");
    } else {
      System.setProperty("birnn.kernel", kernel);
    }
    List<INDArray> start = ours.getWeights();
    double trainingError;
    try (TorchNetwork torch = new TorchNetwork(small, full, true, start, learningRate)) {
      for (int s = 0; s < 4; s++) {
        TextBatch b = full.get(s % 2);
        ours.trainOnBatch(b.features(), b.labelArray(small.perStep()));
        torch.run();
      }
      float[] want =
          ours.predict(full.get(0).features()).castTo(DataType.FLOAT).dup('c').data().asFloat();
      float[] got = torch.probabilities(0);
      trainingError = 0;
      for (int i = 0; i < want.length; i++) {
        trainingError = Math.max(trainingError, Math.abs(want[i] - got[i]));
      }
    }
    System.err.printf(
        "libtorch %s checks: scoring %.2e against float64, after 4 Adam steps %.2e against ours%n",
        w.name(), scoring, trainingError);
    return Math.max(scoring, trainingError);
  }

  @Override
  public void close() {
    manager.close();
  }
}
