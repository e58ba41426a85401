package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One padded batch of token ids as the stages build it: ids {@code [batch, time]} (floats, 0 is
 * padding, {@code time} the batch's longest sequence), labels {@code [batch]} (a class per
 * sequence) or {@code [batch, time]} (a tag per step, 0 at padding), and each row's length.
 */
record TextBatch(float[] ids, float[] labels, int[] lengths, int batch, int time) {

  /**
   * {@code count} batches drawn from {@code seed}; {@code fullLength}: every row {@code maxLength}.
   */
  static List<TextBatch> of(NetworkWorkload w, int count, long seed, boolean fullLength) {
    Random r = new Random(seed);
    List<TextBatch> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int[] lengths = new int[w.batch()];
      int time = 0;
      for (int b = 0; b < w.batch(); b++) {
        lengths[b] =
            fullLength
                ? w.maxLength()
                : w.minLength() + r.nextInt(w.maxLength() - w.minLength() + 1);
        time = Math.max(time, lengths[b]);
      }
      float[] ids = new float[w.batch() * time];
      float[] labels = new float[w.perStep() ? w.batch() * time : w.batch()];
      for (int b = 0; b < w.batch(); b++) {
        for (int t = 0; t < lengths[b]; t++) {
          ids[b * time + t] = 1 + r.nextInt(w.vocab() - 1);
          if (w.perStep()) {
            labels[b * time + t] = r.nextInt(w.classes());
          }
        }
        if (!w.perStep()) {
          labels[b] = r.nextInt(w.classes());
        }
      }
      out.add(new TextBatch(ids, labels, lengths, w.batch(), time));
    }
    return out;
  }

  INDArray features() {
    return Nd4j.create(ids, new long[] {batch, time}, 'c');
  }

  INDArray labelArray(boolean perStep) {
    return perStep
        ? Nd4j.create(labels, new long[] {batch, time}, 'c')
        : Nd4j.create(labels, new long[] {batch}, 'c');
  }
}
