package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.MlTestSupport;
import org.birnn.pipelines.text.TokenIndexer;
import org.birnn.pipelines.training.TrainingSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class ClassifierPersistenceTest {
  @TempDir Path dir;

  @Test
  void estimatorAndModelSaveAndLoadWithTheirParamsAndWeights() {
    BidirectionalRNNClassifier clf =
        ClassifierTest.small().setCellType("gru").setMergeMode("ave").setDropout(0.25);
    Dataset<Row> data = ClassifierTest.ids(40, 6);
    BidirectionalRNNClassificationModel loaded =
        MlTestSupport.assertEstimatorAndModelReadWrite(
            clf,
            data,
            BidirectionalRNNClassifier::load,
            BidirectionalRNNClassificationModel::load,
            dir,
            (fitted, back) -> {
              assertArrayEquals(fitted.flatParams(), back.flatParams(), 0f);
              assertEquals(fitted.numClasses(), back.numClasses());
            });
    assertEquals("gru", loaded.getCellType());
    assertEquals(0.25, loaded.getDropout());
  }

  @Test
  void theTrainingSummarySavesAndLoadsAsSparkConnectsModelCacheDoes() {
    BidirectionalRNNClassificationModel m = ClassifierTest.small().fit(ClassifierTest.ids(30, 7));
    String path = dir.resolve("summary").toString();
    m.saveSummary(path);
    BidirectionalRNNClassificationModel empty = new BidirectionalRNNClassificationModel();
    assertFalse(empty.hasSummary());
    empty.loadSummary(path, null);
    assertTrue(empty.hasSummary());
    assertArrayEquals(m.summary().objectiveHistory(), empty.summary().objectiveHistory(), 0.0);
    assertEquals(m.summary().history(), empty.summary().history());
    assertEquals(m.summary().roundSeconds(), empty.summary().roundSeconds());
    assertEquals(m.summary().totalIterations(), empty.summary().totalIterations());
  }

  @Test
  void repeatedTransformsShareOneCachedNetworkPerExecutor() throws Exception {
    BidirectionalRNNClassificationModel m = ClassifierTest.small().fit(ClassifierTest.ids(30, 8));
    Dataset<Row> data = ClassifierTest.ids(10, 9);
    m.transform(data).count();
    int cached = org.birnn.pipelines.training.ExecutorModels.inferenceCacheSize();
    for (int i = 0; i < 3; i++) {
      // The saved bytes embed their write time: a cache keyed by them grew at every call.
      Thread.sleep(1100);
      m.copy(org.apache.spark.ml.param.ParamMap.empty()).transform(data).count();
    }
    assertEquals(cached, org.birnn.pipelines.training.ExecutorModels.inferenceCacheSize());
  }

  @Test
  void aSaveIsAtomicAndADamagedInfoFileIsRefused() throws Exception {
    BidirectionalRNNClassificationModel m = ClassifierTest.small().fit(ClassifierTest.ids(30, 7));
    Path parent = dir.resolve("models");
    String path = parent.resolve("m").toString();
    m.write().save(path);
    try (var names = Files.list(parent)) {
      assertEquals(List.of("m"), names.map(p -> p.getFileName().toString()).toList());
    }
    Path info = Path.of(path, "data", "info.json");
    String json = Files.readString(info);
    assertTrue(json.contains("\"numClasses\":2"), json);
    Files.writeString(info, json.replace("\"numClasses\":2", "\"numClasses\":3"));
    // As on a store without checksums of its own (object stores): the local file system's .crc
    // side file would catch the change before our checksum does.
    Files.deleteIfExists(info.resolveSibling(".info.json.crc"));
    Throwable e =
        assertThrows(Throwable.class, () -> BidirectionalRNNClassificationModel.load(path));
    assertTrue(
        LocalSpark.rootMessage(e).contains("info.json is damaged"), LocalSpark.rootMessage(e));
  }

  @Test
  void anEmptyValidationSplitTrainsToTheEnd() {
    // Three rows and a 1% validation split: the validation set is empty, its loss NaN.
    BidirectionalRNNClassificationModel m =
        ClassifierTest.small()
            .setValidationFraction(0.01)
            .setMaxIter(3)
            .fit(ClassifierTest.ids(3, 10));
    assertEquals(3, m.summary().epochSeconds().size());
  }

  @Test
  void validationFractionFeedsTheSummaryAndEarlyStopping() throws Exception {
    BidirectionalRNNClassificationModel m =
        ClassifierTest.small()
            .setMaxIter(3)
            .setValidationFraction(0.3)
            .setPatience(1)
            .fit(ClassifierTest.ids(60, 4));
    List<Double> val = m.summary().validationAccuracy();
    assertFalse(val.isEmpty());
    assertTrue(val.stream().noneMatch(v -> v.isNaN()), "validation accuracy recorded " + val);
    assertEquals(val.size(), m.summary().epochSeconds().size());
    // toString is the JSON form (what Python reads over Spark Connect) and round trips exactly.
    TrainingSummary back =
        TrainingSummary.fromJson(
            org.birnn.layers.saving.config.KerasJson.MAPPER.readTree(m.summary().toString()));
    assertEquals(m.summary().history(), back.history());
    assertEquals(m.summary().roundLosses(), back.roundLosses());
    assertEquals(m.summary().epochSeconds(), back.epochSeconds());
  }

  @Test
  void anUnknownFormatVersionIsRejectedWithAFix() throws Exception {
    String path = dir.resolve("indexer").toString();
    new TokenIndexer().write().save(path);
    Path meta;
    try (var files = Files.list(Path.of(path, "metadata"))) {
      meta =
          files
              .filter(f -> f.getFileName().toString().startsWith("part-"))
              .findFirst()
              .orElseThrow();
    }
    Files.writeString(
        meta, Files.readString(meta).replace("\"formatVersion\":1", "\"formatVersion\":3"));
    Files.deleteIfExists(meta.resolveSibling("." + meta.getFileName() + ".crc"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TokenIndexer.load(path));
    assertTrue(
        e.getMessage().contains("Unsupported format version 3")
            && e.getMessage().contains("Upgrade the library or re-save the model"),
        e.getMessage());
  }
}
