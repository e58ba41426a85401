package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.storage.BlockId;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.NativeThreads;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a training task does around its work: it sizes its native thread teams to its cores, stops
 * between two minibatches when its job is cancelled, and a failed round leaves no broadcast behind.
 */
@ExtendWith(LocalSpark.class)
class TaskLifecycleTest {
  private static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(LocalSpark.spark().sparkContext());
  }

  private static RoundInput input(Model m, int frequency) {
    return new RoundInput(
        ParameterAveragingTest.spec(m),
        m.parameters().toFloatVector(),
        new float[0],
        0,
        0,
        0,
        frequency,
        11,
        null);
  }

  @Test
  void aTrainingTaskSizesItsThreadTeamsToItsCores() {
    Model m = ParameterAveragingTest.network();
    RoundInput in = input(m, 2);
    WorkerData data = ParameterAveragingTest.twoWorkers(6).get(0);
    List<Integer> teams =
        jsc()
            .parallelize(List.of(data), 1)
            .map(
                w -> {
                  NativeThreads.limitTo(2); // what a previous task of this thread may have left
                  WorkerStep.run(w, in);
                  return NativeThreads.current();
                })
            .collect();
    assertEquals(List.of(1), teams, "spark.task.cpus is 1");
  }

  @Test
  void aCancelledRoundStopsBetweenTwoMinibatches() throws Exception {
    Model m = ParameterAveragingTest.network();
    // One worker with many minibatches, all in one round: several seconds of training.
    WorkerData data =
        new WorkerData(0, Batching.batches(ParameterAveragingTest.examples(12000, 3), 8));
    RoundInput in = input(m, data.batches().size());
    CountDownLatch started = new CountDownLatch(1);
    AtomicLong ended = new AtomicLong();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskStart(SparkListenerTaskStart e) {
            started.countDown();
          }

          @Override
          public void onTaskEnd(SparkListenerTaskEnd e) {
            ended.set(System.nanoTime());
          }
        };
    LocalSpark.spark().sparkContext().addSparkListener(listener);
    try {
      CompletableFuture<Object> job =
          CompletableFuture.supplyAsync(
              () -> {
                // Spark's default: a cancelled task is flagged, not interrupted, and must look.
                jsc().setJobGroup("cancel-me", "a long round", false);
                return jsc()
                    .parallelize(List.of(data), 1)
                    .map(w -> WorkerStep.run(w, in))
                    .collect();
              });
      assertTrue(started.await(30, TimeUnit.SECONDS));
      Thread.sleep(500);
      long cancelled = System.nanoTime();
      jsc().cancelJobGroup("cancel-me");
      assertThrows(Exception.class, job::get);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ended.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      double seconds = (ended.get() - cancelled) / 1e9;
      assertTrue(
          ended.get() != 0 && seconds < 1.0,
          "the task ran on for " + seconds + " s after its job was cancelled");
    } finally {
      LocalSpark.spark().sparkContext().removeSparkListener(listener);
    }
  }

  /**
   * Round inputs still held as broadcast values on the driver. (Spark's own broadcasts of task
   * binaries are cleaned by its context cleaner after a collection, so only ours are counted.)
   */
  private static int roundInputsHeld() {
    org.apache.spark.storage.BlockManager bm = SparkEnv.get().blockManager();
    // The value block (broadcast_N) holds the object; its pieces hold serialized bytes.
    scala.Function1<BlockId, Object> isBroadcast =
        id -> id.isBroadcast() && id.name().matches("broadcast_\\d+");
    // Through reflection: the Seq it returns is scala.collection.Seq on Scala 2.12 and
    // scala.collection.immutable.Seq on 2.13, so a direct call links on one line only.
    scala.collection.Iterator<BlockId> ids;
    try {
      Object seq =
          bm.getClass()
              .getMethod("getMatchingBlockIds", scala.Function1.class)
              .invoke(bm, isBroadcast);
      @SuppressWarnings("unchecked")
      scala.collection.Iterable<BlockId> all = (scala.collection.Iterable<BlockId>) seq;
      ids = all.iterator();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    int held = 0;
    while (ids.hasNext()) {
      scala.Option<org.apache.spark.storage.BlockResult> r = bm.getLocalValues(ids.next());
      if (r.isDefined()) {
        scala.collection.Iterator<Object> values = r.get().data();
        while (values.hasNext()) { // read to the end, which releases the block's lock
          if (values.next() instanceof RoundInput) {
            held++;
          }
        }
      }
    }
    return held;
  }

  @Test
  void aFailedRoundDestroysItsBroadcast() throws Exception {
    assertEquals(0, roundInputsHeld());
    // Steps of 3 features for a network that embeds token ids: every attempt fails.
    WorkerData bad =
        new WorkerData(0, List.of(Batch.of(List.of(new SequenceExample(new float[6], 2, 3, 0)))));
    assertThrows(
        Exception.class,
        () ->
            ParameterAveraging.train(
                ParameterAveragingTest.rdd(List.of(bad)),
                null,
                ParameterAveragingTest.network(),
                ParameterAveragingTest.plan(1, 1),
                List.of()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (roundInputsHeld() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, roundInputsHeld(), "the failed round's broadcast is still held");
  }
}
