package org.birnn.pipelines.classification;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.Model;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.sequence.DataStats;
import org.birnn.pipelines.sequence.SequenceFit;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.sequence.TrainingRows;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.TrainingSummary;

/**
 * The fit of {@link BidirectionalRNNClassifier}: validation, data preparation, network, training.
 */
final class ClassifierTrainer {
  private final BidirectionalRNNClassifier clf;

  ClassifierTrainer(BidirectionalRNNClassifier clf) {
    this.clf = clf;
  }

  BidirectionalRNNClassificationModel fit(Dataset<?> dataset) {
    clf.transformSchema(dataset.schema());
    TrainingLimits.checkLabelMetadata(clf, dataset.schema());
    String fcol = clf.getFeaturesCol();
    String lcol = clf.getLabelCol();
    SequenceFeatures.Kind kind =
        SequenceFeatures.kindOf(fcol, dataset.schema().apply(fcol).dataType());
    int maxLen = clf.getMaxSequenceLength();
    long seed = clf.getSeed();
    String what = clf.getInitialModel().isEmpty() ? "Param modelConfig" : "Param initialModel";
    Model configured =
        SequenceFit.configuredNetwork(
            clf, dataset.sparkSession().sparkContext().hadoopConfiguration());
    if (configured != null) {
      // The kind of input is known from the schema: check it before any Spark job runs.
      checkConfigured(configured, kind, -1, -1, what);
    }

    // Internal rows: the sequences are read from Spark's binary arrays, never boxed.
    Dataset<Row> selected = dataset.select(fcol, lcol);
    org.apache.spark.sql.types.DataType ftype = selected.schema().apply(0).dataType();
    org.apache.spark.sql.types.DataType ltype = selected.schema().apply(1).dataType();
    JavaRDD<InternalRow> rows = SparkRows.of(selected);
    int vocabParam = kind == SequenceFeatures.Kind.IDS ? clf.getVocabSize() : 0;
    boolean keep = "keep".equals(clf.getHandleInvalid());
    JavaRDD<SequenceExample> examples =
        SequenceFit.examples(
            rows,
            fcol,
            clf.getHandleInvalid(),
            r -> {
              int label = SparkRows.label(r, 1, ltype, lcol);
              return SparkRows.example(r, 0, ftype, maxLen, 0, label, fcol, vocabParam, keep);
            });
    TrainingRows data = SequenceFit.read(examples, clf);
    DataStats stats = data.stats();
    if (stats.rows() == 0) {
      throw new IllegalArgumentException(
          "No training rows with a non-empty '" + fcol + "' sequence");
    }
    TrainingLimits.check(
        clf, fcol, lcol, stats.maxLabel() + 1, stats.minDim(), stats.maxDim(), stats.maxLength());
    int numClasses = (int) stats.maxLabel() + 1;
    int dim = kind == SequenceFeatures.Kind.IDS ? 0 : (int) stats.maxDim();
    // Ids at or above a given vocabSize were already failed, mapped or dropped as each row was
    // read (handleInvalid), so the largest id seen always fits.
    int vocab = clf.getVocabSize() > 0 ? clf.getVocabSize() : (int) stats.maxId() + 1;
    Model network =
        configured != null
            ? checkConfigured(configured, kind, dim, numClasses, what)
            : RandomSeeds.withSeed(
                seed,
                () ->
                    SequenceNetworks.bidirectional(
                        clf, kind, vocab, dim, numClasses, SequenceNetworks.Head.SEQUENCE));
    Optimizer opt = Optimizer.get(clf.getOptimizer(), clf.getStepSize());
    network.compile(Loss.get("sparse_categorical_crossentropy"), opt, List.of("accuracy"));
    TrainingSummary summary =
        SequenceFit.train(
            data, network, clf, stats.rows() + " sequences (" + numClasses + " classes)");
    BidirectionalRNNClassificationModel model =
        new BidirectionalRNNClassificationModel(clf.uid(), network, numClasses, kind, dim, summary);
    clf.copyParamsTo(model);
    return model.setParent(clf);
  }

  private static Model checkConfigured(
      Model m, SequenceFeatures.Kind kind, int dim, int numClasses, String what) {
    SequenceNetworks.checkInput(m, kind, dim, what);
    long[] out = m.outputs().get(0).shape();
    if (numClasses > 0 && (out.length != 2 || out[1] != numClasses)) {
      throw new IllegalArgumentException(
          what
              + " outputs shape "
              + java.util.Arrays.toString(out)
              + " but the labels have "
              + numClasses
              + " classes; expected [batch, "
              + numClasses
              + "]");
    }
    return m;
  }
}
