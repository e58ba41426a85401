package org.birnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stages' networks as the benchmark builds them score what the float64 network computes from
 * their weights (masked: each row over its own length), and the float64 network tells masked from
 * padded apart once the weights are not the initial ones.
 */
class NetworkReferenceTest {
  @Test
  void everyStageNetworkMatchesItsFloat64Reference() {
    for (String name : List.of("W5", "W6", "W7")) {
      NetworkWorkload w = NetworkWorkload.of(name, 6, 2, 9, 50, 2);
      List<TextBatch> data = TextBatch.of(w, 2, 3, false);
      BirnnNetwork ours = new BirnnNetwork(w, data, true);
      assertTrue(ours.checkError() < 1e-5, name + ": " + ours.checkError());
      ours.run(); // one Adam step moves the weights; still the same function of them
      ours.run();
      assertTrue(ours.checkError() < 1e-5, name + " after training: " + ours.checkError());
      NetworkReference ref = new NetworkReference(w, ours.model().getWeights());
      TextBatch b = data.get(0);
      int shortRow = shortestRow(b);
      double[][] masked = ref.probabilities(b, shortRow, true);
      double[][] padded = ref.probabilities(b, shortRow, false);
      assertEquals(w.perStep() ? b.lengths()[shortRow] : 1, masked.length);
      assertTrue(Math.abs(masked[0][0] - padded[0][0]) > 1e-6, name + ": padding changed nothing");
    }
  }

  private static int shortestRow(TextBatch b) {
    int best = 0;
    for (int i = 1; i < b.batch(); i++) {
      best = b.lengths()[i] < b.lengths()[best] ? i : best;
    }
    return best;
  }
}
