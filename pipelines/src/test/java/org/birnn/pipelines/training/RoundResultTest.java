package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.metrics.MetricTotals;
import org.junit.jupiter.api.Test;

/** A round result survives serialization exactly, one worker's (sent as float) or summed. */
class RoundResultTest {
  @Test
  void serializationKeepsEverySumExactly() throws Exception {
    float[] p1 = {1.1f, -2.5e-8f, 3.4028235e38f};
    float[] p2 = {0.3f, 7f, -1f};
    RoundResult one = RoundResult.of(p1, new float[] {0.25f}, totals(0.5, 7), 2).trainedFor(1.5);
    RoundResult back = roundTrip(one);
    assertArrayEquals(one.averageParams(), back.averageParams());
    assertArrayEquals(one.averageState(), back.averageState());
    assertEquals(1.5, back.maxTrainSeconds());
    assertEquals(7, back.examples());

    RoundResult sum = RoundResult.of(p1, new float[] {0.25f}, totals(0.5, 7), 2);
    sum.add(RoundResult.of(p2, new float[] {0.5f}, totals(1.0 / 3, 3), 4));
    RoundResult sumBack = roundTrip(sum);
    assertEquals(2, sumBack.workers());
    assertArrayEquals(sum.averageParams(), sumBack.averageParams());
    assertEquals((double) 1.1f + 0.3f, sumBack.params[0]); // still the double sum
    assertEquals(4, sumBack.maxSteps());
    assertEquals(10, sumBack.examples());
    assertEquals((3.5 + 1.0) / 10, sumBack.meanLoss(), 1e-15);
  }

  @Test
  void oneWorkerTravelsAsFloatAndSumsOfAnyShapeAverageExactly() throws Exception {
    int n = 10_000;
    float[][] p = new float[3][n];
    float[][] st = new float[3][2 * n];
    java.util.Random r = new java.util.Random(5);
    for (int w = 0; w < 3; w++) {
      for (int i = 0; i < n; i++) {
        p[w][i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < 2 * n; i++) {
        st[w][i] = r.nextFloat();
      }
    }
    float[] p0 = p[0].clone();
    float[] st0 = st[0].clone();
    // 3n values: float is about 12n bytes, double would be 24n.
    int single = bytes(RoundResult.of(p[0], st[0], totals(1, 1), 1)).length;
    assertTrue(single < 12 * n + 2_000, "one worker's result took " + single + " bytes");
    RoundResult pair = RoundResult.of(p[0], st[0], totals(1, 1), 1);
    pair.add(RoundResult.of(p[1], st[1], totals(1, 1), 1));
    int summed = bytes(pair).length;
    assertTrue(summed > 24 * n, "a sum of two took " + summed + " bytes");

    // The shapes treeAggregate produces: neutral + sum of two (after a round trip) + one worker.
    RoundResult total = new RoundResult().add(roundTrip(pair));
    total.add(new RoundResult());
    total.add(roundTrip(RoundResult.of(p[2], st[2], totals(1, 1), 1)));
    assertEquals(3, total.workers());
    float[] avg = total.averageParams();
    float[] avgState = total.averageState();
    for (int i = 0; i < n; i++) {
      assertEquals((float) (((double) p[0][i] + p[1][i] + p[2][i]) / 3), avg[i], "param " + i);
    }
    for (int i = 0; i < 2 * n; i++) {
      assertEquals(
          (float) (((double) st[0][i] + st[1][i] + st[2][i]) / 3), avgState[i], "state " + i);
    }
    // The workers' own arrays are never modified by the sums.
    assertArrayEquals(p0, p[0]);
    assertArrayEquals(st0, st[0]);
  }

  private static MetricTotals totals(double meanLoss, long samples) {
    MetricTotals t = new MetricTotals(List.of(), Loss.get("mse"));
    t.addLoss(meanLoss, samples);
    return t;
  }

  private static byte[] bytes(RoundResult r) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    return bytes.toByteArray();
  }

  private static RoundResult roundTrip(RoundResult r) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes(r)))) {
      return (RoundResult) in.readObject();
    }
  }
}
