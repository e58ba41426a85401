package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads the golden conformance fixtures (schema: src/test/resources/conformance/README.md). */
final class Fixtures {
  private Fixtures() {}

  /**
   * The fixture directory: system property {@code conformance.dir} when set, else the fixtures
   * shipped in this module's test resources ({@code conformance/bidirectional}).
   */
  static Path directory() {
    String p = System.getProperty("conformance.dir");
    if (p != null && !p.isBlank()) {
      return Paths.get(p);
    }
    java.net.URL shipped = Fixtures.class.getResource("/conformance/bidirectional");
    if (shipped == null) {
      throw new IllegalStateException(
          "No conformance fixtures: conformance/bidirectional is missing from the test resources");
    }
    try {
      return Paths.get(shipped.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("Unreadable fixture location " + shipped, e);
    }
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static JsonNode read(Path file) throws IOException {
    return KerasJson.MAPPER.readTree(file.toFile());
  }

  /** A tensor record {@code {"shape", "data"}} as a float32 array (the values are exact). */
  static INDArray tensor(JsonNode record) {
    return tensor(record, DataType.FLOAT);
  }

  static INDArray tensor(JsonNode record, DataType type) {
    JsonNode shapeNode = record.get("shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    JsonNode data = record.get("data");
    double[] v = new double[data.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = data.get(i).asDouble();
    }
    return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
  }

  static List<INDArray> tensors(JsonNode list) {
    List<INDArray> out = new ArrayList<>();
    for (JsonNode r : list) {
      out.add(tensor(r));
    }
    return out;
  }

  /** A nested boolean mask {@code [batch][time]}. */
  static INDArray mask(JsonNode rows) {
    int b = rows.size();
    int t = rows.get(0).size();
    INDArray m = Nd4j.create(DataType.BOOL, b, t);
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        m.putScalar(new long[] {i, j}, rows.get(i).get(j).asBoolean() ? 1 : 0);
      }
    }
    return m;
  }

  /** Tolerance {@code |a - e| <= atol + rtol |e|} from a fixture's {@code tolerance} entry. */
  record Tolerance(double atol, double rtol) {
    static Tolerance of(JsonNode fixture, String key, double atol, double rtol) {
      JsonNode t = fixture.path("tolerance").path(key);
      return new Tolerance(t.path("atol").asDouble(atol), t.path("rtol").asDouble(rtol));
    }
  }

  /**
   * Asserts {@code actual} matches {@code expected} in shape and every element; the message names
   * the quantity, the worst index and both values.
   */
  static void assertClose(String what, INDArray expected, INDArray actual, Tolerance tol) {
    if (actual == null) {
      throw new AssertionError(
          what + ": missing (expected shape " + java.util.Arrays.toString(expected.shape()) + ")");
    }
    if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
      throw new AssertionError(
          what
              + ": shape "
              + java.util.Arrays.toString(actual.shape())
              + ", expected "
              + java.util.Arrays.toString(expected.shape()));
    }
    double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs(a[i] - e[i]);
      double bound = tol.atol() + tol.rtol() * Math.abs(e[i]);
      if (!(err <= bound) && (worst < 0 || err - bound > worstExcess)) {
        worst = i;
        worstExcess = err - bound;
      }
    }
    if (worst >= 0) {
      throw new AssertionError(
          what
              + ": element "
              + worst
              + " is "
              + a[worst]
              + ", expected "
              + e[worst]
              + " (atol "
              + tol.atol()
              + ", rtol "
              + tol.rtol()
              + ")");
    }
  }
}
