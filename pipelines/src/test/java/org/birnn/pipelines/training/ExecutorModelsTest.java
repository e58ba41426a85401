package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.birnn.layers.models.Model;
import org.junit.jupiter.api.Test;

/** The executor caches stay bounded and free what they drop, never what a task still uses. */
class ExecutorModelsTest {
  @Test
  void theInferenceCacheIsBoundedAndFreesEvictedNetworksOnceUnused() {
    AtomicInteger made = new AtomicInteger();
    ExecutorModels.Lease held =
        ExecutorModels.inference(
            "held",
            () -> {
              made.incrementAndGet();
              return ParameterAveragingTest.network();
            });
    try (ExecutorModels.Lease again =
        ExecutorModels.inference("held", ParameterAveragingTest::network)) {
      assertSame(held.model(), again.model(), "one network per key and JVM");
    }
    assertEquals(1, made.get());
    List<Model> others = new ArrayList<>();
    for (int i = 0; i < ExecutorModels.INFERENCE_CAPACITY + 3; i++) {
      try (ExecutorModels.Lease l =
          ExecutorModels.inference("other-" + i, ParameterAveragingTest::network)) {
        others.add(l.model());
      }
    }
    assertEquals(ExecutorModels.INFERENCE_CAPACITY, ExecutorModels.inferenceCacheSize());
    assertTrue(others.get(0).parameters().wasClosed(), "an evicted, unused network is freed");
    // "held" was evicted too, but a task still uses it: its weights stay until the lease closes.
    assertFalse(held.model().parameters().wasClosed());
    held.model().predict(List.of(org.nd4j.linalg.factory.Nd4j.ones(1, 3)), 1);
    held.close();
    assertTrue(held.model().parameters().wasClosed());
  }

  @Test
  void aTaskThreadKeepsOnlyTheTrainingNetworkOfItsLatestSpec() {
    int before = ExecutorModels.liveTrainingNetworks();
    Model first = ExecutorModels.training(NetworkSpec.of(ParameterAveragingTest.network()));
    Model second = ExecutorModels.training(NetworkSpec.of(otherNetwork()));
    assertTrue(first.parameters().wasClosed(), "the previous fit's network is freed");
    assertFalse(second.parameters().wasClosed());
    assertTrue(ExecutorModels.liveTrainingNetworks() <= before + 1);
  }

  private static Model otherNetwork() {
    Model m = ParameterAveragingTest.network();
    m.compile(
        org.birnn.layers.losses.Loss.get("sparse_categorical_crossentropy"),
        new org.birnn.layers.optimizers.SGD(0.1),
        List.of());
    return m;
  }
}
