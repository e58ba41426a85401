package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.sequence.SequenceFit;
import org.birnn.pipelines.training.SequenceExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The validation split depends on each row's content and the seed, not on partitioning. */
@ExtendWith(LocalSpark.class)
class ValidationSplitTest {
  private static Set<Integer> hashes(JavaRDD<SequenceExample> rows) {
    Set<Integer> out = new HashSet<>();
    rows.collect().forEach(e -> out.add(e.contentHash()));
    return out;
  }

  @Test
  void theSameRowsLandInValidationHoweverTheInputIsPartitioned() {
    java.util.Random r = new java.util.Random(12);
    List<SequenceExample> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      float[] ids = new float[3 + r.nextInt(6)];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 1 + r.nextInt(50);
      }
      rows.add(new SequenceExample(ids, ids.length, 0, r.nextInt(3)));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.spark().sparkContext());
    JavaRDD<SequenceExample> two = jsc.parallelize(rows, 2);
    JavaRDD<SequenceExample> five = jsc.parallelize(rows, 5).repartition(3);
    JavaRDD<SequenceExample>[] a = SequenceFit.split(two, 0.25, 7);
    JavaRDD<SequenceExample>[] b = SequenceFit.split(five, 0.25, 7);
    Set<Integer> valA = hashes(a[1]);
    assertEquals(valA, hashes(b[1]), "validation rows do not depend on partitioning");
    assertEquals(rows.size(), a[0].count() + a[1].count(), "every row in exactly one set");
    Set<Integer> trainA = hashes(a[0]);
    trainA.retainAll(valA);
    assertTrue(trainA.isEmpty(), "no row in both sets");
    double share = a[1].count() / (double) rows.size();
    assertTrue(share > 0.18 && share < 0.32, "validation share " + share);
    assertNotEquals(valA, hashes(SequenceFit.split(two, 0.25, 8)[1]), "the seed matters");
  }
}
