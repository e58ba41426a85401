package org.birnn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reading the files {@code src/test/keras/generate_fixtures.py} writes. */
public final class KerasFixtures {
  private KerasFixtures() {}

  /** A tensor record {@code {"shape": [...], "data": [...]}} (c order) as a float array. */
  public static INDArray tensor(JsonNode t) {
    long[] shape = new long[t.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.get("shape").get(i).asLong();
    }
    double[] data = new double[t.get("data").size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = t.get("data").get(i).asDouble();
    }
    return Nd4j.create(data, shape, 'c').castTo(DataType.FLOAT);
  }
}
