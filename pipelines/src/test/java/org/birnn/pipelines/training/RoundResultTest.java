package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** A round result survives serialization exactly, one worker's (sent as float) or summed. */
class RoundResultTest {
  @Test
  void serializationKeepsEverySumExactly() throws Exception {
    float[] p1 = {1.1f, -2.5e-8f, 3.4028235e38f};
    float[] p2 = {0.3f, 7f, -1f};
    RoundResult one = RoundResult.of(p1, new float[] {0.25f}, 3.5, 7, 2).trainedFor(1.5);
    RoundResult back = roundTrip(one);
    assertArrayEquals(one.averageParams(), back.averageParams());
    assertArrayEquals(one.averageState(), back.averageState());
    assertEquals(1.5, back.maxTrainSeconds());
    assertEquals(7, back.examples());

    RoundResult sum = RoundResult.of(p1, new float[] {0.25f}, 3.5, 7, 2);
    sum.add(RoundResult.of(p2, new float[] {0.5f}, 1.0, 3, 4));
    RoundResult sumBack = roundTrip(sum);
    assertEquals(2, sumBack.workers());
    assertArrayEquals(sum.averageParams(), sumBack.averageParams());
    assertEquals((double) 1.1f + 0.3f, sumBack.params[0]); // still the double sum
    assertEquals(4, sumBack.maxSteps());
  }

  private static RoundResult roundTrip(RoundResult r) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (RoundResult) in.readObject();
    }
  }
}
