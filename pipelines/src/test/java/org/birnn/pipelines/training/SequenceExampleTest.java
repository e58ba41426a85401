package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.apache.spark.HashPartitioner;
import org.junit.jupiter.api.Test;

/** The partition key spreads rows and classes evenly over workers, token ids included. */
class SequenceExampleTest {
  @Test
  void contentHashSpreadsTokenIdRowsOfEveryClassOverTwoWorkers() {
    Random r = new Random(5);
    HashPartitioner two = new HashPartitioner(2);
    int[][] counts = new int[2][4]; // [partition][label]
    for (int i = 0; i < 4000; i++) {
      float[] ids = new float[1 + r.nextInt(20)];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 2 + r.nextInt(500); // integral floats: Arrays.hashCode is always odd here
      }
      SequenceExample e = new SequenceExample(ids, ids.length, 0, i % 4);
      counts[two.getPartition(e.contentHash())][e.label()]++;
    }
    for (int label = 0; label < 4; label++) {
      int p0 = counts[0][label];
      int p1 = counts[1][label];
      assertEquals(1000, p0 + p1);
      assertTrue(p0 > 400 && p1 > 400, "label " + label + " split " + p0 + " / " + p1);
    }
    // Same content, same key: partitioning stays deterministic.
    assertEquals(
        new SequenceExample(new float[] {3, 4}, 2, 0, 1).contentHash(),
        new SequenceExample(new float[] {3, 4}, 2, 0, 1).contentHash());
  }

  @Test
  void aClassifiedRowKeepsItsKeyAndATaggedRowMixesItsTagsIn() {
    // The key of a classified row, pinned: it decides the partitioning and the validation split,
    // so changing it would change every classifier fitted with the same data and seed.
    assertEquals(-1_160_958_935, new SequenceExample(new float[] {3, 4}, 2, 0, 1).contentHash());
    SequenceExample a = SequenceExample.tagged(new float[] {3, 4}, 2, 0, new int[] {0, 1});
    SequenceExample b = SequenceExample.tagged(new float[] {3, 4}, 2, 0, new int[] {1, 0});
    assertTrue(a.contentHash() != b.contentHash(), "tags are part of a tagged row's content");
    assertEquals(1, a.label(), "a tagged row's label is its largest tag");
  }

  @Test
  void theValidationShareFromAKnownHashIsTheRowsOwn() {
    Random r = new Random(11);
    int held = 0;
    for (int i = 0; i < 4000; i++) {
      float[] ids = new float[1 + r.nextInt(20)];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 2 + r.nextInt(500);
      }
      SequenceExample e = new SequenceExample(ids, ids.length, 0, i % 3);
      boolean in = e.inValidation(0.25, 42L);
      assertEquals(in, SequenceExample.inValidation(e.contentHash(), 0.25, 42L), "row " + i);
      held += in ? 1 : 0;
    }
    // A quarter of 4000 rows, give or take four standard deviations (27).
    assertTrue(Math.abs(held - 1000) < 110, held + " of 4000 rows held out at 0.25");
  }

  @Test
  void javaSerializationRoundTripsEveryValueBitForBitInAboutFourBytesEach() throws Exception {
    Random r = new Random(9);
    // 100 x 200 features: longer than one copy chunk, so the chunked copy is exercised.
    float[] features = new float[100 * 200];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) r.nextGaussian();
    }
    features[7] = -0.0f;
    features[8] = Float.MIN_VALUE;
    features[9] = Float.intBitsToFloat(0x7fc00001); // a NaN payload survives too
    int[] tags = new int[100];
    for (int t = 0; t < tags.length; t++) {
      tags[t] = r.nextInt(9);
    }
    SequenceExample classified = new SequenceExample(features, 100, 200, 3);
    SequenceExample tagged = SequenceExample.tagged(features, 100, 200, tags);
    SequenceExample empty = new SequenceExample(new float[0], 0, 0, 0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(classified);
      out.writeObject(tagged);
      out.writeObject(empty);
    }
    SequenceExample[] back = new SequenceExample[3];
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (int i = 0; i < back.length; i++) {
        back[i] = (SequenceExample) in.readObject();
      }
    }
    assertRoundTrip(classified, back[0]);
    assertRoundTrip(tagged, back[1]);
    assertRoundTrip(empty, back[2]);
    long payload = 4L * (2 * features.length + tags.length);
    assertTrue(
        bytes.size() < payload + 1024,
        "serialized " + bytes.size() + " bytes for " + payload + " bytes of values and tags");
  }

  @Test
  void kryoRoundTripsEveryValueBitForBit() {
    org.apache.spark.serializer.SerializerInstance kryo =
        new org.apache.spark.serializer.KryoSerializer(new org.apache.spark.SparkConf())
            .newInstance();
    scala.reflect.ClassTag<SequenceExample> tag =
        scala.reflect.ClassTag$.MODULE$.apply(SequenceExample.class);
    float[] features = {1.5f, -0.0f, Float.MIN_VALUE, Float.intBitsToFloat(0x7fc00001), 3e38f, 7};
    SequenceExample[] rows = {
      new SequenceExample(features, 3, 2, 4),
      SequenceExample.tagged(features, 3, 2, new int[] {2, 0, 5}),
      new SequenceExample(new float[0], 0, 0, 0)
    };
    for (SequenceExample e : rows) {
      assertRoundTrip(e, kryo.deserialize(kryo.serialize(e, tag), tag));
    }
  }

  private static void assertRoundTrip(SequenceExample expected, SequenceExample actual) {
    assertEquals(expected.length(), actual.length());
    assertEquals(expected.dim(), actual.dim());
    assertEquals(expected.label(), actual.label());
    assertEquals(expected.values().length, actual.values().length);
    for (int i = 0; i < expected.values().length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected.values()[i]),
          Float.floatToRawIntBits(actual.values()[i]),
          "value " + i);
    }
    // Null for a classified row on both sides: assertArrayEquals fails on one null.
    assertArrayEquals(expected.tags(), actual.tags(), "tags");
    assertEquals(expected.contentHash(), actual.contentHash());
  }
}
