package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.metrics.MetricTotals;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.layers.utils.RandomSeeds;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The two seed examples of the Keras Bidirectional docs, in Java, and Sequential behaviour. */
class SequentialTest {

  static Sequential stackedBidirectionalLstm() {
    return Sequential.of(
        Input.shape(5, 10),
        Bidirectional.of(LSTM.builder().units(10).returnSequences(true).build()),
        Bidirectional.of(LSTM.of(10)),
        Dense.builder().units(5).activation(Activation.SOFTMAX).build());
  }

  static Sequential customBackwardLayer() {
    LSTM forward = LSTM.builder().units(10).returnSequences(true).build();
    LSTM backward =
        LSTM.builder()
            .units(10)
            .activation(Activation.RELU)
            .returnSequences(true)
            .goBackwards(true)
            .build();
    return Sequential.of(
        Input.shape(5, 10),
        Bidirectional.builder(forward).backwardLayer(backward).build(),
        Dense.builder().units(5).activation(Activation.SOFTMAX).build());
  }

  @Test
  void stackedSeedExampleTrainsAndItsLossFalls() {
    Sequential model = stackedBidirectionalLstm();
    model.compile("categorical_crossentropy", "rmsprop", "accuracy");
    ModelTestData d = new ModelTestData(128, 5, 10, 5, 1);
    History h =
        model.fit(
            d.x, d.y, FitOptions.builder().epochs(8).batchSize(32).seed(1).progress(null).build());
    List<Double> loss = h.get("loss");
    assertEquals(8, loss.size());
    for (int e = 1; e < loss.size(); e++) {
      assertTrue(loss.get(e) < loss.get(e - 1), "loss should fall every epoch: " + loss);
    }
    assertTrue(loss.get(7) < 0.9 * loss.get(0), "loss should fall: " + loss);
    assertTrue(h.get("accuracy").get(7) > 0.5, "accuracy " + h.get("accuracy"));
  }

  @Test
  void customBackwardSeedExampleTrainsAndItsLossFalls() {
    Sequential model = customBackwardLayer();
    model.compile("categorical_crossentropy", "rmsprop");
    ModelTestData d = new ModelTestData(96, 5, 10, 5, 2);
    INDArray y3 = org.nd4j.linalg.factory.Nd4j.zeros(d.y.dataType(), 96, 5, 5);
    for (int t = 0; t < 5; t++) {
      y3.get(
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.point(t),
              org.nd4j.linalg.indexing.NDArrayIndex.all())
          .assign(d.y);
    }
    History h =
        model.fit(
            d.x, y3, FitOptions.builder().epochs(8).batchSize(32).seed(2).progress(null).build());
    List<Double> loss = h.get("loss");
    for (int e = 1; e < loss.size(); e++) {
      assertTrue(
          loss.get(e) < loss.get(e - 1), "per-step head loss should fall every epoch: " + loss);
    }
    assertTrue(loss.get(7) < 0.95 * loss.get(0), "per-step head loss should fall: " + loss);
  }

  @Test
  void bothSeedModelsRoundTripThroughKerasJson() {
    for (Sequential model : List.of(stackedBidirectionalLstm(), customBackwardLayer())) {
      String json = model.toJson();
      Model back = Model.fromJson(json);
      assertEquals(json, back.toJson());
      back.setWeights(model.getWeights());
      INDArray x = new ModelTestData(4, 5, 10, 5, 3).x;
      assertEquals(model.predict(x), back.predict(x));
    }
  }

  @Test
  void kerasWrittenJsonIsRead() {
    String keras =
        "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\","
            + " \"trainable\": true, \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\","
            + " \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"layers\": [{\"module\":"
            + " \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 5, 10],"
            + " \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"input_layer\","
            + " \"optional\": false}, \"registered_name\": null}, {\"module\": \"keras.layers\", \"class_name\":"
            + " \"Bidirectional\", \"config\": {\"name\": \"bidirectional\", \"trainable\": true, \"dtype\":"
            + " \"float32\", \"merge_mode\": \"concat\", \"layer\": {\"module\": \"keras.layers\","
            + " \"class_name\": \"LSTM\", \"config\": {\"name\": \"forward_lstm\", \"trainable\": true,"
            + " \"return_sequences\": true, \"units\": 4, \"kernel_initializer\": {\"module\":"
            + " \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null},"
            + " \"registered_name\": null}}, \"registered_name\": null, \"build_config\": {\"input_shape\":"
            + " [null, 5, 10]}}, \"backward_layer\": {\"module\": \"keras.layers\", \"class_name\": \"LSTM\","
            + " \"config\": {\"name\": \"backward_lstm\", \"return_sequences\": true, \"go_backwards\": true,"
            + " \"units\": 4}, \"registered_name\": null}}, \"registered_name\": null, \"build_config\":"
            + " {\"input_shape\": [null, 5, 10]}}], \"build_input_shape\": [null, 5, 10]}, \"registered_name\":"
            + " null, \"build_config\": {\"input_shape\": [null, 5, 10]}}";
    Model m = Model.fromJson(keras);
    assertEquals(2 * 3, m.getWeights().size());
    assertEquals(
        List.of(-1L, 5L, 8L), java.util.Arrays.stream(m.outputs().get(0).shape()).boxed().toList());
    assertEquals("forward_lstm", ((Bidirectional) m.layers().get(1)).forwardLayer().name());
  }

  @Test
  void earlyStoppingAndValidationSplitFeedTheHistory() {
    Sequential model =
        Sequential.of(
            Input.shape(5, 10),
            Bidirectional.of(LSTM.of(4)),
            Dense.builder().units(5).activation(Activation.SOFTMAX).build());
    model.compile("categorical_crossentropy", "sgd", "accuracy");
    ModelTestData d = new ModelTestData(40, 5, 10, 5, 4);
    EarlyStopping stop = new EarlyStopping("val_loss", 10.0, 1, true);
    History h =
        model.fit(
            d.x,
            d.y,
            FitOptions.builder()
                .epochs(20)
                .validationSplit(0.25)
                .seed(3)
                .callback(stop)
                .progress(null)
                .build());
    assertEquals(2, h.epochs(), "no epoch improves by 10.0, so it stops after patience 1");
    assertEquals(1, stop.stoppedEpoch());
    assertTrue(
        h.history().keySet().containsAll(List.of("loss", "accuracy", "val_loss", "val_accuracy")));
    Map<String, Double> eval = model.evaluate(d.x, d.y);
    assertTrue(eval.get("accuracy") >= 0 && eval.get("accuracy") <= 1);
  }

  @Test
  void fitLogsTheRunningTotalsOfItsTrainingBatchesAsKerasDoes() {
    ModelTestData d = new ModelTestData(20, 5, 6, 3, 8);
    java.util.function.Supplier<Model> net =
        () -> {
          Model m =
              RandomSeeds.withSeed(
                  4L,
                  () ->
                      Sequential.of(
                          Input.shape(5, 6),
                          Bidirectional.of(LSTM.of(4)),
                          Dense.builder().units(3).activation(Activation.SOFTMAX).build()));
          m.compile("categorical_crossentropy", "adam", "accuracy");
          return m;
        };
    Model fitted = net.get();
    History h =
        fitted.fit(
            d.x,
            d.y,
            FitOptions.builder().epochs(2).batchSize(8).shuffle(false).progress(null).build());
    // By hand: batches of 8, 8 and 4 rows, each measured on its training pass before its update.
    Model byHand = net.get();
    for (int epoch = 0; epoch < 2; epoch++) {
      double lossSum = 0;
      double correct = 0;
      for (int from = 0; from < 20; from += 8) {
        int to = Math.min(20, from + 8);
        INDArray x = d.x.get(NDArrayIndex.interval(from, to)).dup();
        INDArray y = d.y.get(NDArrayIndex.interval(from, to)).dup();
        INDArray before = byHand.predict(x);
        correct += org.birnn.layers.metrics.Accuracy.CATEGORICAL.count(y, before, null)[0];
        lossSum += byHand.trainOnBatch(x, y) * (to - from);
      }
      assertEquals(lossSum / 20, h.history().get("loss").get(epoch), 1e-12, "epoch " + epoch);
      assertEquals(correct / 20, h.history().get("accuracy").get(epoch), 0.0, "epoch " + epoch);
    }
    // The same running totals as the exact sum over disjoint parts.
    MetricTotals all = fitted.evaluateTotals(List.of(d.x), d.y, 32);
    MetricTotals parts =
        fitted.evaluateTotals(
            List.of(d.x.get(NDArrayIndex.interval(0, 7)).dup()),
            d.y.get(NDArrayIndex.interval(0, 7)).dup(),
            32);
    parts.merge(
        fitted.evaluateTotals(
            List.of(d.x.get(NDArrayIndex.interval(7, 20)).dup()),
            d.y.get(NDArrayIndex.interval(7, 20)).dup(),
            32));
    assertEquals(all.meanLoss(), parts.meanLoss(), 1e-12);
    assertEquals(all.logs().get("accuracy"), parts.logs().get("accuracy"), 0.0);
    assertEquals(20, parts.samples());
  }

  @Test
  void sequentialRejectsMultiOutputLayersAndUncompiledTraining() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Sequential.of(
                    Input.shape(3, 2),
                    Bidirectional.of(LSTM.builder().units(2).returnState(true).build())));
    assertTrue(e.getMessage().contains("use the functional Model"), e.getMessage());
    Sequential m = Sequential.of(Input.shape(3, 2), Bidirectional.of(LSTM.of(2)));
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class,
            () ->
                m.trainOnBatch(
                    new ModelTestData(2, 3, 2, 2, 1).x, new ModelTestData(2, 3, 2, 2, 1).y));
    assertTrue(s.getMessage().contains("must be compiled before training"), s.getMessage());
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class, () -> m.predict(new ModelTestData(2, 3, 5, 2, 1).x));
    assertTrue(
        shape.getMessage().contains("has shape [2, 3, 5]; expected [-1, 3, 2]"),
        shape.getMessage());
    assertTrue(KerasJson.write(m.toJsonNode()).contains("\"build_input_shape\":[null,3,2]"));
  }
}
