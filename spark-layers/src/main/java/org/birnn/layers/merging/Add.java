package org.birnn.layers.merging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code Add}: the element-wise sum of inputs of one shape; the mask is the AND of theirs.
 */
public final class Add extends BaseLayer {
  private static final Set<String> KEYS = Set.of("name", "trainable", "dtype");

  /** A new layer with a default name. */
  public Add() {
    this(null, true, "float32");
  }

  private Add(String name, boolean trainable, String dtype) {
    super(name, trainable, dtype, "add");
  }

  /** Reads a Keras config dict. */
  public static Add fromConfig(JsonNode c) {
    KerasJson.rejectUnknownKeys(c, KEYS, "Add");
    return new Add(
        KerasJson.string(c, "name", null),
        KerasJson.bool(c, "trainable", true),
        KerasJson.readDtype(c));
  }

  @Override
  public String className() {
    return "Add";
  }

  @Override
  public ObjectNode getConfig() {
    return header();
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    if (in.size() < 2) {
      throw new IllegalArgumentException(this + " needs at least 2 inputs; received " + in.size());
    }
    for (long[] s : in) {
      if (s.length != in.get(0).length) {
        throw new IllegalArgumentException(
            this
                + ": inputs must have the same shape; received "
                + Arrays.toString(in.get(0))
                + " and "
                + Arrays.toString(s));
      }
      for (int i = 1; i < s.length; i++) {
        if (s[i] != in.get(0)[i] && s[i] >= 0 && in.get(0)[i] >= 0) {
          throw new IllegalArgumentException(
              this
                  + ": inputs must have the same shape; received "
                  + Arrays.toString(in.get(0))
                  + " and "
                  + Arrays.toString(s));
        }
      }
    }
    return List.of(in.get(0).clone());
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    List<long[]> shapes = new ArrayList<>();
    for (INDArray x : inputs) {
      shapes.add(x.shape());
    }
    outputShapes(shapes);
    INDArray y = inputs.get(0).dup();
    for (int i = 1; i < inputs.size(); i++) {
      y.addi(inputs.get(i));
    }
    return LayerCall.of(
        one(y),
        one(Merging.andMasks(masks)),
        d -> {
          List<INDArray> dx = new ArrayList<>();
          for (int i = 0; i < inputs.size(); i++) {
            dx.add(d.get(0));
          }
          return new LayerCall.Gradients(dx, List.of());
        });
  }
}
