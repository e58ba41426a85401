package org.birnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.utils.NativeMemory;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's weights are views of its flat parameter vector; whatever dense copies of them a call
 * makes for oneDNN, and its other temporaries, are freed when the call ends, not when the garbage
 * collector next runs. So scoring and training batch after batch keep native memory flat with no
 * collection at all: each of 100 calls below would leave about 150-200 KB of weight copies behind
 * otherwise (two directions of kernel and recurrent kernel).
 */
class WeightCopiesTest {
  private static final long BOUND = 4L << 20;

  /** Native bytes still held after {@code times} calls, with no collection requested. */
  private static long growth(Runnable call) {
    for (int i = 0; i < 5; i++) {
      call.run();
    }
    long before = Pointer.totalBytes();
    for (int i = 0; i < 100; i++) {
      call.run();
    }
    return Pointer.totalBytes() - before;
  }

  private static void check(String what, long grown) {
    assertTrue(grown < BOUND, what + ": native bytes grew by " + grown + " over 100 calls");
  }

  @Test
  void unmaskedCallsFreeWhatTheyAllocate() {
    Sequential model =
        Sequential.of(
            Input.shape(20, 32),
            Bidirectional.of(LSTM.of(64)),
            Dense.builder().units(2).activation(Activation.SOFTMAX).build());
    model.compile("categorical_crossentropy", "adam");
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 20, 32);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
    y.getColumn(0).assign(1);
    check("predict", growth(() -> model.predict(List.of(x), 8).forEach(NativeMemory::release)));
    check("trainOnBatch", growth(() -> model.trainOnBatch(x, y)));
  }

  @Test
  void layerByLayerCallsFreeWhatTheyAllocate() {
    // merge_mode "sum" with sequences out runs each direction on its own (no fused pass).
    Sequential model =
        Sequential.of(
            Input.shape(20, 32),
            Bidirectional.builder(GRU.builder().units(64).returnSequences(true).build())
                .mergeMode("sum")
                .build(),
            Bidirectional.of(SimpleRNN.of(64)),
            Dense.builder().units(2).activation(Activation.SOFTMAX).build());
    model.compile("categorical_crossentropy", "adam");
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 20, 32);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
    y.getColumn(0).assign(1);
    check("predict", growth(() -> model.predict(List.of(x), 8).forEach(NativeMemory::release)));
    check("trainOnBatch", growth(() -> model.trainOnBatch(x, y)));
  }

  @Test
  void maskedCallsFreeWhatTheyAllocate() {
    Sequential model =
        Sequential.of(
            Input.shape(20),
            Embedding.of(50, 32, true),
            Bidirectional.of(GRU.of(64)),
            Dense.builder().units(2).activation(Activation.SOFTMAX).build());
    model.compile("categorical_crossentropy", "adam");
    float[] ids = new float[8 * 20];
    Random r = new Random(3);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % 20 < 5 + (i / 20) ? 1 + r.nextInt(49) : 0; // lengths 5 to 12
    }
    INDArray x = Nd4j.create(ids, new long[] {8, 20}, 'c');
    INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
    y.getColumn(1).assign(1);
    check("predict", growth(() -> model.predict(List.of(x), 8).forEach(NativeMemory::release)));
    check("trainOnBatch", growth(() -> model.trainOnBatch(x, y)));
  }
}
