package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model files saved by every released format still load and predict what the writing build
 * predicted (test resources {@code golden/<version>/}; see its README). This test stays forever.
 */
class GoldenModelFilesTest {
  @TempDir Path dir;

  static Stream<Path> versions() throws Exception {
    Path golden = Path.of(GoldenModelFilesTest.class.getResource("/golden").toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(golden)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(dirs.size() >= 2, "golden versions: " + dirs);
    return dirs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void aSavedModelLoadsAndPredictsAsWhenItWasSaved(Path version) throws Exception {
    JsonNode expected = KerasJson.MAPPER.readTree(version.resolve("model-expected.json").toFile());
    Model model = ModelIO.load(version.resolve("model.birnn"));
    INDArray x =
        Nd4j.createFromArray(KerasJson.MAPPER.treeToValue(expected.get("inputs"), float[][].class));
    float[][] want = KerasJson.MAPPER.treeToValue(expected.get("predictions"), float[][].class);
    float[][] got = model.predict(x).toFloatMatrix();
    for (int i = 0; i < want.length; i++) {
      assertArrayEquals(want[i], got[i], 1e-6f, "row " + i);
    }
    assertEquals(expected.get("iterations").asLong(), model.iterations());
    assertTrue(model.isCompiled(), "the compile config and optimizer state load too");
    // Re-saved in this build's format, it loads again to the same predictions.
    Path again = dir.resolve("again.birnn");
    model.save(again);
    assertArrayEquals(
        Nd4j.toFlattened(model.predict(x)).toFloatVector(),
        Nd4j.toFlattened(ModelIO.load(again).predict(x)).toFloatVector(),
        0f);
  }
}
