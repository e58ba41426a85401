package org.birnn.pipelines.tagging;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.birnn.layers.crf.CRF;
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

/** The fit of {@link BidirectionalRNNTagger}: validation, tag vocabulary, network, training. */
final class TaggerTrainer {
  private final BidirectionalRNNTagger tagger;

  TaggerTrainer(BidirectionalRNNTagger tagger) {
    this.tagger = tagger;
  }

  BidirectionalRNNTaggerModel fit(Dataset<?> dataset) {
    tagger.transformSchema(dataset.schema());
    String fcol = tagger.getFeaturesCol();
    String lcol = tagger.getLabelCol();
    SequenceFeatures.Kind kind =
        SequenceFeatures.kindOf(fcol, dataset.schema().apply(fcol).dataType());
    boolean named =
        BidirectionalRNNTaggerParamSet.namedTags(lcol, dataset.schema().apply(lcol).dataType());
    String what = tagger.getInitialModel().isEmpty() ? "Param modelConfig" : "Param initialModel";
    Model configured =
        SequenceFit.configuredNetwork(
            tagger, dataset.sparkSession().sparkContext().hadoopConfiguration());
    if (configured != null) {
      checkConfigured(configured, kind, -1, -1, what);
    }
    String[] names = named ? TagColumns.vocabulary(dataset, lcol) : null;

    Dataset<Row> selected = dataset.select(fcol, lcol);
    DataType ftype = selected.schema().apply(0).dataType();
    TagColumns tagColumn = new TagColumns(lcol, selected.schema().apply(1).dataType(), names);
    JavaRDD<InternalRow> rows = SparkRows.of(selected);
    int maxLen = tagger.getMaxSequenceLength();
    int vocabParam = kind == SequenceFeatures.Kind.IDS ? tagger.getVocabSize() : 0;
    boolean keep = "keep".equals(tagger.getHandleInvalid());
    JavaRDD<SequenceExample> examples =
        SequenceFit.examples(
            rows,
            fcol,
            tagger.getHandleInvalid(),
            r -> {
              SequenceExample e =
                  SparkRows.example(r, 0, ftype, maxLen, 0, 0, fcol, vocabParam, keep);
              if (e == null) {
                return null;
              }
              int[] tags = tagColumn.read(r, 1, 0, fcol, e.length());
              return SequenceExample.tagged(e.values(), e.length(), e.dim(), tags);
            });
    TrainingRows data = SequenceFit.read(examples, tagger);
    DataStats stats = data.stats();
    if (stats.rows() == 0) {
      throw new IllegalArgumentException(
          "No training rows with a non-empty '" + fcol + "' sequence");
    }
    if (kind != SequenceFeatures.Kind.IDS && stats.minDim() != stats.maxDim()) {
      throw new IllegalArgumentException(
          "Column '"
              + fcol
              + "' has steps of "
              + stats.minDim()
              + " and of "
              + stats.maxDim()
              + " features; every step needs the same width");
    }
    int numTags = named ? names.length : (int) stats.maxLabel() + 1;
    if (numTags < 2) {
      throw new IllegalArgumentException(
          "Column '" + lcol + "' has " + numTags + " tag; a tagger needs at least 2");
    }
    int dim = kind == SequenceFeatures.Kind.IDS ? 0 : (int) stats.maxDim();
    int vocab = tagger.getVocabSize() > 0 ? tagger.getVocabSize() : (int) stats.maxId() + 1;
    boolean crf = tagger.getCrf();
    Model network =
        configured != null
            ? checkConfigured(configured, kind, dim, numTags, what)
            : RandomSeeds.withSeed(
                tagger.getSeed(),
                () ->
                    SequenceNetworks.bidirectional(
                        tagger,
                        kind,
                        vocab,
                        dim,
                        numTags,
                        crf ? SequenceNetworks.Head.CRF : SequenceNetworks.Head.PER_STEP));
    boolean endsInCrf = network.outputLayer() instanceof CRF;
    Optimizer opt = Optimizer.get(tagger.getOptimizer(), tagger.getStepSize());
    network.compile(
        Loss.get(endsInCrf ? "crf_loss" : "sparse_categorical_crossentropy"),
        opt,
        List.of("accuracy"));
    TrainingSummary summary =
        SequenceFit.train(
            data, network, tagger, stats.rows() + " sequences (" + numTags + " tags)");
    BidirectionalRNNTaggerModel model =
        new BidirectionalRNNTaggerModel(tagger.uid(), network, names, numTags, kind, dim, summary);
    tagger.copyParamsTo(model);
    return model.setParent(tagger);
  }

  private static Model checkConfigured(
      Model m, SequenceFeatures.Kind kind, int dim, int numTags, String what) {
    SequenceNetworks.checkInput(m, kind, dim, what);
    long[] out = m.outputs().get(0).shape();
    if (out.length != 3 || (numTags > 0 && out[2] != numTags)) {
      throw new IllegalArgumentException(
          what
              + " outputs shape "
              + Arrays.toString(out)
              + " but a tagger needs one score per tag and step, [batch, time, "
              + (numTags > 0 ? numTags : "tags")
              + "]");
    }
    return m;
  }
}
