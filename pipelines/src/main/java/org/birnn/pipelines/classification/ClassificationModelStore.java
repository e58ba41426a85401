package org.birnn.pipelines.classification;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.pipelines.sequence.SequenceModelStore;
import org.birnn.pipelines.spark.SequenceFeatures;

/**
 * How a {@link BidirectionalRNNClassificationModel} is saved and loaded ({@link
 * SequenceModelStore}): {@code data/info.json} holds the classes, input kind and width.
 */
final class ClassificationModelStore {
  /** The format of {@code data/info.json} (the network is in {@code data/network.birnn}). */
  static final String DATA_FORMAT = "birnn-classifier-data";

  static final int DATA_VERSION = 1;

  /** {@code info.json} as 0.1.0 wrote it, without a header. */
  private static final FormatHeader LEGACY_DATA = new FormatHeader(DATA_FORMAT, 1, "0.1.0");

  private ClassificationModelStore() {}

  static final class Writer extends MLWriter {
    private final BidirectionalRNNClassificationModel model;

    Writer(BidirectionalRNNClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SequenceModelStore.save(
          sc(),
          model,
          model.network,
          DATA_FORMAT,
          DATA_VERSION,
          info -> {
            info.put("numClasses", model.numClasses);
            info.put("kind", model.kind.name());
            info.put("dim", model.dim);
          },
          path);
    }
  }

  static final class Reader extends MLReader<BidirectionalRNNClassificationModel> {
    @Override
    public BidirectionalRNNClassificationModel load(String path) {
      SequenceModelStore.Loaded saved =
          SequenceModelStore.load(
              sc(),
              path,
              BidirectionalRNNClassificationModel.class.getName(),
              DATA_FORMAT,
              DATA_VERSION,
              LEGACY_DATA);
      JsonNode info = saved.info();
      BidirectionalRNNClassificationModel m =
          new BidirectionalRNNClassificationModel(
              saved.metadata().uid(),
              saved.network(),
              info.get("numClasses").asInt(),
              SequenceFeatures.Kind.valueOf(info.get("kind").asText()),
              info.get("dim").asInt(),
              null);
      saved.metadata().applyTo(m);
      return m;
    }
  }
}
