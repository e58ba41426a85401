package org.birnn.pipelines.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.birnn.pipelines.sequence.SequenceModelStore;
import org.birnn.pipelines.spark.SequenceFeatures;

/**
 * How a {@link BidirectionalRNNTaggerModel} is saved and loaded ({@link SequenceModelStore}):
 * {@code data/info.json} holds the tag names (or none, for tag indices), the number of tags and the
 * input kind and width.
 */
final class TaggerModelStore {
  static final String DATA_FORMAT = "birnn-tagger-data";
  static final int DATA_VERSION = 1;

  private TaggerModelStore() {}

  static final class Writer extends MLWriter {
    private final BidirectionalRNNTaggerModel model;

    Writer(BidirectionalRNNTaggerModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SequenceModelStore.save(
          sc(),
          model,
          model.network(),
          DATA_FORMAT,
          DATA_VERSION,
          info -> {
            info.put("numTags", model.numTags);
            if (model.tagNames != null) {
              ArrayNode tags = info.putArray("tags");
              for (String t : model.tagNames) {
                tags.add(t);
              }
            }
            info.put("kind", model.kind.name());
            info.put("dim", model.dim);
          },
          path);
    }
  }

  static final class Reader extends MLReader<BidirectionalRNNTaggerModel> {
    @Override
    public BidirectionalRNNTaggerModel load(String path) {
      SequenceModelStore.Loaded saved =
          SequenceModelStore.load(
              sc(),
              path,
              BidirectionalRNNTaggerModel.class.getName(),
              DATA_FORMAT,
              DATA_VERSION,
              null);
      JsonNode info = saved.info();
      String[] tags = null;
      if (info.has("tags")) {
        tags = new String[info.get("tags").size()];
        for (int i = 0; i < tags.length; i++) {
          tags[i] = info.get("tags").get(i).asText();
        }
      }
      BidirectionalRNNTaggerModel m =
          new BidirectionalRNNTaggerModel(
              saved.metadata().uid(),
              saved.network(),
              tags,
              info.get("numTags").asInt(),
              SequenceFeatures.Kind.valueOf(info.get("kind").asText()),
              info.get("dim").asInt(),
              null);
      saved.metadata().applyTo(m);
      return m;
    }
  }
}
