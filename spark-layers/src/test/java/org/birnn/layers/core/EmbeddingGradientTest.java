package org.birnn.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.birnn.layers.LayerCall;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.pooling.GlobalPooling1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The embedding's gradient comes back as rows (the batch's ids, repeated ones summed) and lands in
 * the model's gradient vector where the dense scatter-add would put it, every other row zero.
 */
class EmbeddingGradientTest {
  private static final INDArray IDS = Nd4j.create(new double[][] {{7, 7, 3, 49}, {0, 3, 3, 7}});

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void rowsAreTheDenseScatterAdd(String dtype) {
    Embedding embedding = Embedding.builder().inputDim(50).outputDim(3).dtype(dtype).build();
    LayerCall call = embedding.forward(List.of(IDS), null, true);
    INDArray dy =
        Nd4j.rand(DataType.DOUBLE, 2, 4, 3)
            .castTo(dtype.equals("float32") ? DataType.FLOAT : DataType.DOUBLE);
    LayerCall.RowGradient rows = call.backward(List.of(dy)).rows().get(0);
    double[] dense = new double[50 * 3];
    double[] d = dy.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] ids = IDS.dup('c').data().asDouble();
    for (int n = 0; n < ids.length; n++) {
      for (int k = 0; k < 3; k++) {
        dense[(int) ids[n] * 3 + k] += d[n * 3 + k];
      }
    }
    double[] fromRows = new double[50 * 3];
    double[] values = rows.values().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < rows.rows().length; i++) {
      for (int k = 0; k < 3; k++) {
        fromRows[rows.rows()[i] * 3 + k] = values[i * 3 + k];
      }
    }
    // Both sum in double and round once to the layer's dtype.
    for (int i = 0; i < dense.length; i++) {
      dense[i] = dtype.equals("float32") ? (float) dense[i] : dense[i];
    }
    assertArrayEquals(dense, fromRows, 0.0);
    assertEquals(4, rows.rows().length, "ids 7, 3, 49 and 0, once each");
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "int32", "float64"})
  void maskZeroIsIdsNotEqualToZeroAsBooleans(String idType) {
    Embedding e = Embedding.builder().inputDim(7).outputDim(2).maskZero(true).build();
    INDArray ids =
        Nd4j.createFromArray(new float[][] {{3, 0, 6}, {0, 0, 1}})
            .castTo(DataType.fromNumpy(idType));
    LayerCall out = e.forward(List.of(ids), java.util.Arrays.asList((INDArray) null), false);
    INDArray expected = ids.neq(0.0);
    INDArray mask = out.outputMasks().get(0);
    assertEquals(DataType.BOOL, mask.dataType());
    assertArrayEquals(expected.shape(), mask.shape());
    assertEquals(expected, mask);
    // A strided view of ids (not contiguous) reads the same ids.
    INDArray view = Nd4j.createFromArray(new float[][] {{3, 9}, {0, 9}, {6, 9}}).getColumn(0);
    INDArray viewIds = view.reshape(1, 3);
    assertEquals(
        viewIds.neq(0.0),
        e.forward(List.of(viewIds), java.util.Arrays.asList((INDArray) null), false)
            .outputMasks()
            .get(0));
  }

  @Test
  void theModelVectorHoldsThemInPlaceInFloat32AsInFloat64() {
    double[] single = embeddingGradient("float32");
    double[] reference = embeddingGradient("float64");
    for (int id = 0; id < 50; id++) {
      boolean fed = id == 0 || id == 3 || id == 7 || id == 49;
      for (int k = 0; k < 3; k++) {
        int i = id * 3 + k;
        assertEquals(fed, single[i] != 0, "row " + id);
        assertEquals(reference[i], single[i], 1e-6, "entry " + i);
      }
    }
  }

  @Test
  void aStepLeavesNoRowsOfThePreviousStepsIds() {
    INDArray other = Nd4j.create(new double[][] {{5, 6, 0}, {8, 5, 9}});
    INDArray y = Nd4j.create(new double[][] {{1, 0}, {0, 1}});
    Model twice = model("float32");
    Model once = model("float32");
    once.setWeights(twice.getWeights());
    twice.computeGradients(List.of(IDS), y); // rows 0, 3, 7, 49 written
    twice.computeGradients(List.of(other), y); // rows 0, 5, 6, 8, 9: the others must be zero again
    once.computeGradients(List.of(other), y);
    assertEquals(once.gradients(), twice.gradients());
    double[] g = once.gradients().castTo(DataType.DOUBLE).toDoubleVector();
    for (int id : new int[] {3, 7, 49}) {
      assertEquals(0.0, g[id * 3], "row " + id);
    }
    assertTrue(g[5 * 3] != 0, "row 5");
  }

  /** The embedding part of the gradient vector of a seeded model in {@code dtype}. */
  private static double[] embeddingGradient(String dtype) {
    Model model = model(dtype);
    model.computeGradients(List.of(IDS), Nd4j.create(new double[][] {{1, 0}, {0, 1}}));
    long[] offsets = model.weightOffsets();
    return model
        .gradients()
        .get(NDArrayIndex.interval(offsets[0], offsets[1]))
        .castTo(DataType.DOUBLE)
        .toDoubleVector();
  }

  private static Model model(String dtype) {
    Model model =
        Sequential.of(
            Input.shape(-1),
            Embedding.builder()
                .inputDim(50)
                .outputDim(3)
                .dtype(dtype)
                .embeddingsInitializer(Initializer.glorotUniform(1L))
                .build(),
            GlobalPooling1D.builder(false).dtype(dtype).build(),
            Dense.builder()
                .units(2)
                .dtype(dtype)
                .kernelInitializer(Initializer.glorotUniform(2L))
                .build());
    model.compile("mse", "sgd");
    return model;
  }
}
