package org.birnn.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.rnn.MergeMode;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.text.TokenIndexer;
import org.birnn.pipelines.training.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(LocalSpark.class)
/**
 * Writes the golden artefacts of the formats this build writes (a model file, a fitted pipeline, an
 * estimator, a training checkpoint) with the expected outputs beside them, into {@code
 * -Dgolden.out}. Skipped unless that property is set; run it once per release whose formats
 * changed, and commit the output under the test resources' {@code golden/<version>/} (the model
 * file and its expectations in spark-layers, the rest here):
 *
 * <pre>
 * mvn -B -pl spark-layers,pipelines test -Dtest=GoldenArtefactsWriter \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.out=/tmp/golden/0.2.0-spark-4.2
 * </pre>
 */
@EnabledIfSystemProperty(named = "golden.out", matches = ".+")
class GoldenArtefactsWriter {
  @Test
  void writeGoldenArtefacts() throws Exception {
    Path out = Path.of(System.getProperty("golden.out"));
    Files.createDirectories(out);
    ObjectMapper json = new ObjectMapper();
    Model m =
        RandomSeeds.withSeed(
            7,
            () ->
                Sequential.of(
                    Input.shape(-1),
                    Embedding.of(20, 4, true),
                    Bidirectional.of(LSTM.builder().units(3).returnSequences(true).build()),
                    Bidirectional.builder(GRU.of(3)).mergeMode(MergeMode.SUM).build(),
                    Dense.builder().units(3).activation(Activation.SOFTMAX).build()));
    m.compile("sparse_categorical_crossentropy", "adam", "accuracy");
    float[][] ids = {{1, 5, 7, 0, 0}, {3, 3, 9, 12, 19}, {2, 0, 0, 0, 0}};
    INDArray x = Nd4j.createFromArray(ids);
    INDArray y = Nd4j.createFromArray(new float[] {0, 2, 1}).reshape(3, 1);
    m.trainOnBatch(x, y);
    m.save(out.resolve("model.birnn"));
    INDArray p = m.predict(x);
    ObjectNode me = json.createObjectNode();
    me.set("inputs", json.valueToTree(ids));
    me.set("predictions", json.valueToTree(p.toFloatMatrix()));
    me.put("iterations", m.iterations());
    Files.writeString(out.resolve("model-expected.json"), json.writeValueAsString(me));

    Dataset<Row> data = TextData.texts(60, 2, 1);
    String ckpt = out.resolve("checkpoint").toUri().toString();
    BidirectionalRNNClassifier clf =
        new BidirectionalRNNClassifier()
            .setFeaturesCol("ids")
            .setUnits(4)
            .setEmbeddingDim(4)
            .setMaxIter(2)
            .setBatchSize(8)
            .setNumWorkers(2)
            .setSeed(3)
            .setCheckpointDir(ckpt)
            .setCheckpointInterval(1);
    PipelineModel pm =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new Tokenizer().setInputCol("text").setOutputCol("tokens"),
                  new TokenIndexer().setInputCol("tokens").setOutputCol("ids"),
                  clf
                })
            .fit(data);
    pm.write().save(out.resolve("pipeline").toString());
    clf.write().save(out.resolve("estimator").toString());
    Dataset<Row> sample = TextData.texts(6, 2, 99);
    List<Row> scored =
        pm.transform(sample).select("text", "prediction", "probability").collectAsList();
    ArrayNode rows = json.createArrayNode();
    for (Row r : scored) {
      ObjectNode o = rows.addObject();
      o.put("text", r.getString(0));
      o.put("prediction", r.getDouble(1));
      o.set("probability", json.valueToTree(((Vector) r.get(2)).toArray()));
    }
    Files.writeString(out.resolve("pipeline-expected.json"), json.writeValueAsString(rows));
    Checkpoints.State s =
        Checkpoints.read(ckpt, LocalSpark.spark().sparkContext().hadoopConfiguration());
    ObjectNode ce = json.createObjectNode();
    ce.put("epoch", s.epoch());
    ce.put("round", s.round());
    ce.put("globalRound", s.globalRound());
    ce.put("iterations", s.iterations());
    ce.put("params", s.params().length);
    ce.put("state", s.state().length);
    double sum = 0;
    for (float f : s.params()) {
      sum += f;
    }
    ce.put("paramsSum", sum);
    Files.writeString(out.resolve("checkpoint-expected.json"), json.writeValueAsString(ce));
  }
}
