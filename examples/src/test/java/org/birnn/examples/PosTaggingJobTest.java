package org.birnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part-of-speech job on a committed slice of the Brown corpus, and its tag mapping. */
class PosTaggingJobTest {
  @TempDir Path dir;

  private static Path slice() throws Exception {
    return Path.of(PosTaggingJobTest.class.getResource("/brown-slice/ca01").toURI()).getParent();
  }

  @Test
  void readsTheSliceSplitsByDocumentAndBeatsNothingWorseThanTheBaselineFloor() throws Exception {
    List<Path> docs = BrownCorpus.documents(slice());
    assertEquals(10, docs.size());
    BrownCorpus.Sentence first = BrownCorpus.read(docs.get(0), false).get(0);
    assertEquals("The", first.words()[0]);
    assertEquals("DET", first.tags()[0]);
    assertEquals("NOUN", first.tags()[1]); // Fulton/np-tl
    BrownCorpus.Sentence full = BrownCorpus.read(docs.get(0), true).get(0);
    assertEquals(List.of("at", "np-tl", "nn-tl"), List.of(full.tags()).subList(0, 3));
    assertEquals(first.words().length, full.tags().length);

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    PosTaggingJob.Result r;
    try {
      r =
          PosTaggingJob.run(
              spark,
              Map.of(
                  "corpus", slice().toString(),
                  "epochs", "10",
                  "output", dir.toString()));
    } finally {
      System.setOut(old);
      spark.stop();
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("10 documents in 10 genres, 150 sentences"), out);
    assertTrue(out.contains("Held-out documents: 2 (30 sentences"), out);
    assertTrue(out.contains("baseline: most frequent tag"), out);
    assertTrue(out.contains("Saved to " + dir.resolve("pos-tagger")), out);
    assertTrue(r.trainTokens() > 2000 && r.testTokens() > 400, r.toString());
    // On 120 training sentences the baseline already tags most tokens right; the taggers must
    // at least learn the frequent tags.
    assertTrue(r.baseline() > 0.7, r.toString());
    assertTrue(r.tagger() > 0.4 && r.crf() > 0.4, r.toString());
  }

  @Test
  void brownTagsMapToTheUniversalTagset() {
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("at", "DET"),
            Map.entry("np-tl", "NOUN"),
            Map.entry("nns$", "NOUN"),
            Map.entry("nr", "NOUN"),
            Map.entry("vbd-hl", "VERB"),
            Map.entry("md*", "VERB"),
            Map.entry("bedz", "VERB"),
            Map.entry("ppss+md", "PRON"),
            Map.entry("pp$$", "PRON"),
            Map.entry("wps", "PRON"),
            Map.entry("jjr", "ADJ"),
            Map.entry("od", "ADJ"),
            Map.entry("ql", "ADV"),
            Map.entry("*", "ADV"),
            Map.entry("in-tl", "ADP"),
            Map.entry("cs", "CONJ"),
            Map.entry("cd-tl-hl", "NUM"),
            Map.entry("to", "PRT"),
            Map.entry("rp", "PRT"),
            Map.entry("ex", "DET"),
            Map.entry("``", "."),
            Map.entry(".-hl", "."),
            Map.entry("--", "."),
            Map.entry("fw-nn", "X"),
            Map.entry("uh", "X"));
    expected.forEach(
        (brown, universal) -> assertEquals(universal, BrownCorpus.universal(brown), brown));
  }

  @Test
  void noCorpusDirectoryMeansNoDocuments() throws Exception {
    assertTrue(BrownCorpus.documents(dir.resolve("missing")).isEmpty());
    assertTrue(BrownCorpus.documents(dir).isEmpty());
  }
}
