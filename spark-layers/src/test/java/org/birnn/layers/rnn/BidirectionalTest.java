package org.birnn.layers.rnn;

import static org.birnn.layers.LayerTestSupport.arange;
import static org.birnn.layers.LayerTestSupport.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.birnn.layers.LayerCall;
import org.birnn.layers.LayerTestSupport;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras 3 {@code Bidirectional} behaviour, with the golden values of Keras's own tests. */
class BidirectionalTest {
  private static final double TOL = 1e-6;

  private static <L> RecurrentBuilder<L> constants(
      RecurrentBuilder<L> b, double k, double r, double bias) {
    return b.kernelInitializer(Initializer.constant(k))
        .recurrentInitializer(Initializer.constant(r))
        .biasInitializer(Initializer.constant(bias));
  }

  @Test
  void basics() {
    LayerTestSupport.assertLayerBasics(Bidirectional.of(SimpleRNN.of(4)), new long[] {3, 2, 4}, 6);
    LayerTestSupport.assertLayerBasics(
        Bidirectional.builder(SimpleRNN.of(4))
            .backwardLayer(SimpleRNN.builder().units(4).goBackwards(true).build())
            .mergeMode(MergeMode.SUM)
            .build(),
        new long[] {3, 2, 4},
        6);
    for (MergeMode m : MergeMode.values()) {
      for (boolean seq : new boolean[] {false, true}) {
        LayerTestSupport.assertLayerBasics(
            Bidirectional.builder(
                    LSTM.builder().units(3).returnSequences(seq).returnState(true).build())
                .mergeMode(m)
                .build(),
            new long[] {2, 5, 3},
            6);
      }
    }
  }

  @Test
  void simpleRnnMatchesKerasGoldenValuesForConcatAveAndNone() {
    SimpleRNN fwd = constants(SimpleRNN.builder().units(2), 0.01, 0.02, 0.03).build();
    INDArray x = arange(2, 3, 4);
    assertValues(
        new double[] {
          0.39687276,
          0.39687276,
          0.10004295,
          0.10004295,
          0.7237238,
          0.7237238,
          0.53391594,
          0.53391594
        },
        Bidirectional.of(fwd).call(x).output(),
        TOL);
    assertValues(
        new double[] {0.24845785, 0.24845785, 0.6288199, 0.6288199},
        Bidirectional.builder(fwd).mergeMode(MergeMode.AVE).build().call(x).output(),
        TOL);
    LayerCall none = Bidirectional.builder(fwd).mergeMode(MergeMode.NONE).build().call(x);
    assertEquals(2, none.outputCount());
    assertValues(
        new double[] {0.39687276, 0.39687276, 0.7237238, 0.7237238}, none.outputs().get(0), TOL);
    assertValues(
        new double[] {0.10004295, 0.10004295, 0.53391594, 0.53391594}, none.outputs().get(1), TOL);
  }

  @Test
  void customBackwardLayerMatchesKerasGoldenValue() {
    SimpleRNN fwd = constants(SimpleRNN.builder().units(2), 0.01, 0.02, 0.03).build();
    SimpleRNN bwd =
        constants(SimpleRNN.builder().units(2).goBackwards(true), 0.03, 0.02, 0.01).build();
    Bidirectional bi =
        Bidirectional.builder(fwd).backwardLayer(bwd).mergeMode(MergeMode.MUL).build();
    assertValues(
        new double[] {0.08374989, 0.08374989, 0.6740834, 0.6740834},
        bi.call(arange(2, 3, 4)).output(),
        TOL);
    assertEquals(bwd.name(), bi.backwardLayer().name(), "a custom backward layer keeps its name");
  }

  @Test
  void gruSequenceSumMatchesKerasGoldenValue() {
    GRU fwd = constants(GRU.builder().units(2).returnSequences(true), 0.01, 0.02, 0.03).build();
    INDArray out =
        Bidirectional.builder(fwd).mergeMode(MergeMode.SUM).build().call(arange(2, 3, 4)).output();
    assertValues(
        new double[] {
          0.20937867, 0.20937867, 0.34462988, 0.34462988, 0.40290534, 0.40290534,
          0.59829646, 0.59829646, 0.6734641, 0.6734641, 0.6479671, 0.6479671
        },
        out,
        TOL);
  }

  @Test
  void statefulLayerCarriesStatesAndResets() {
    LSTM fwd = constants(LSTM.builder().units(2).stateful(true), 0.01, 0.02, 0.03).build();
    Bidirectional bi = Bidirectional.of(fwd);
    INDArray x = arange(2, 4, 3);
    double[] second = {
      0.26234663, 0.26234663, 0.16959146, 0.16959146, 0.6137073, 0.6137073, 0.5381646, 0.5381646
    };
    bi.call(x);
    assertValues(second, bi.call(x).output(), TOL);
    assertEquals(4, bi.states().size(), "h_f, c_f, h_b, c_b");
    bi.resetStates();
    for (INDArray s : bi.states()) {
      assertEquals(0.0, s.norm1Number().doubleValue(), 0.0);
    }
    bi.call(x);
    assertValues(second, bi.call(x).output(), TOL);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bi.call(arange(3, 4, 3)));
    assertTrue(e.getMessage().contains("Expected batch size: 2"), e.getMessage());
  }

  @Test
  void initialStateIsSplitHalfForwardHalfBackward() {
    LSTM fwd = constants(LSTM.builder().units(2), 0.01, 0.02, 0.03).build();
    INDArray a = arange(2, 2);
    List<INDArray> init = List.of(a.mul(1), a.mul(2), a.mul(3), a.mul(4));
    assertValues(
        new double[] {
          0.20794602,
          0.4577124,
          0.14046375,
          0.48191673,
          0.6682636,
          0.6711909,
          0.60943645,
          0.60950446
        },
        Bidirectional.of(fwd).call(arange(2, 4, 3), null, init, false).output(),
        TOL);
  }

  @Test
  void maskedGruMatchesKerasGoldenValue() {
    GRU fwd = constants(GRU.builder().units(2), 0.01, 0.02, 0.03).build();
    INDArray mask =
        Nd4j.create(new boolean[][] {{true, true, false, true}, {true, false, false, true}});
    assertValues(
        new double[] {
          0.19393763,
          0.19393763,
          0.11669192,
          0.11669192,
          0.30818558,
          0.30818558,
          0.28380975,
          0.28380975
        },
        Bidirectional.of(fwd).call(arange(2, 4, 3), mask, null, false).output(),
        TOL);
  }

  @Test
  void returnStateGivesOutputThenForwardThenBackwardStates() {
    LSTM fwd = constants(LSTM.builder().units(2).returnState(true), 0.01, 0.02, 0.03).build();
    List<INDArray> o = Bidirectional.of(fwd).call(arange(2, 4, 3)).outputs();
    assertEquals(5, o.size());
    assertValues(
        new double[] {
          0.1990008,
          0.1990008,
          0.12659755,
          0.12659755,
          0.52335435,
          0.52335435,
          0.44717982,
          0.44717982
        },
        o.get(0),
        TOL);
    assertValues(new double[] {0.1990008, 0.1990008, 0.52335435, 0.52335435}, o.get(1), TOL);
    assertValues(new double[] {0.35567185, 0.35567185, 1.0492687, 1.0492687}, o.get(2), TOL);
    assertValues(new double[] {0.12659755, 0.12659755, 0.44717982, 0.44717982}, o.get(3), TOL);
    assertValues(new double[] {0.2501858, 0.2501858, 0.941473, 0.941473}, o.get(4), TOL);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MergeMode.class)
  void maskedStepsOutputExactlyZeroInEveryMergeMode(MergeMode mode) {
    Bidirectional bi =
        Bidirectional.builder(GRU.builder().units(3).returnSequences(true).build())
            .mergeMode(mode)
            .build();
    INDArray x = LayerTestSupport.randn(new java.util.Random(1), 2, 5, 4);
    INDArray mask =
        Nd4j.create(
            new boolean[][] {{true, false, true, true, false}, {false, true, true, true, true}});
    LayerCall out = bi.call(x, mask, null, false);
    for (int i = 0; i < out.outputCount(); i++) {
      INDArray y = out.outputs().get(i);
      for (int[] bt : new int[][] {{0, 1}, {0, 4}, {1, 0}}) {
        assertEquals(
            0.0,
            y.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.point(bt[0]),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(bt[1]),
                    org.nd4j.linalg.indexing.NDArrayIndex.all())
                .norm1Number()
                .doubleValue(),
            0.0,
            mode + " output " + i + " at " + java.util.Arrays.toString(bt));
      }
    }
    assertEquals(mask, bi.outputMask(mask), "the mask propagates with return_sequences");
  }

  @Test
  void fullyMaskedSampleKeepsInitialStatesAndOutputsZeros() {
    Bidirectional bi = Bidirectional.of(LSTM.builder().units(2).returnState(true).build());
    INDArray x = LayerTestSupport.randn(new java.util.Random(2), 2, 3, 2);
    INDArray mask = Nd4j.create(new boolean[][] {{false, false, false}, {true, true, true}});
    INDArray h = Nd4j.ones(DataType.FLOAT, 2, 2).muli(0.5);
    List<INDArray> out =
        bi.call(x, mask, List.of(h, h.mul(2), h.mul(3), h.mul(4)), false).outputs();
    assertValues(new double[] {0, 0, 0, 0}, out.get(0).getRow(0), 0.0);
    assertValues(new double[] {0.5, 0.5}, out.get(1).getRow(0), 0.0);
    assertValues(new double[] {2.0, 2.0}, out.get(4).getRow(0), 0.0);
    assertNull(bi.outputMask(mask), "no output mask without return_sequences");
  }

  @Test
  void subLayersAreFreshCopiesWithDerivedNames() {
    LSTM lstm = LSTM.builder().units(3).name("enc").build();
    lstm.build(4);
    Bidirectional bi = Bidirectional.of(lstm);
    assertNotSame(lstm, bi.forwardLayer());
    assertEquals("forward_enc", bi.forwardLayer().name());
    assertEquals("backward_enc", bi.backwardLayer().name());
    assertFalse(bi.forwardLayer().goBackwards());
    assertTrue(bi.backwardLayer().goBackwards());
    bi.build(new long[] {1, 2, 4});
    assertFalse(
        lstm.getWeights().get(0).equals(bi.getWeights().get(0)), "weights are fresh, not shared");
    assertEquals(
        "forward_x",
        Bidirectional.of(LSTM.builder().units(1).name("forward_x").build()).forwardLayer().name());
    assertEquals(
        "backward_forward_x",
        Bidirectional.of(LSTM.builder().units(1).name("forward_x").build()).backwardLayer().name());
    assertEquals(
        "forward_backward_x",
        Bidirectional.of(LSTM.builder().units(1).name("backward_x").build()).forwardLayer().name());
    assertEquals(
        "backward_x",
        Bidirectional.of(LSTM.builder().units(1).name("backward_x").build())
            .backwardLayer()
            .name());
  }

  @Test
  void seededAndConstantInitializersGiveIdenticalDirections() {
    Bidirectional bi =
        Bidirectional.of(
            LSTM.builder()
                .units(3)
                .kernelInitializer(Initializer.glorotUniform(1L))
                .recurrentInitializer(Initializer.orthogonal(1.0, 5L))
                .build());
    bi.build(new long[] {1, 2, 4});
    List<INDArray> w = bi.getWeights();
    for (int i = 0; i < 3; i++) {
      assertEquals(w.get(i), w.get(i + 3), "weight " + i);
    }
  }

  @Test
  void zeroOutputForMaskFollowsReturnSequencesInTheConfig() {
    for (boolean seq : new boolean[] {true, false}) {
      JsonNode c =
          Bidirectional.of(
                  GRU.builder().units(2).returnSequences(seq).zeroOutputForMask(!seq).build())
              .getConfig();
      assertEquals(seq, c.get("layer").get("config").get("zero_output_for_mask").asBoolean());
      assertEquals(
          seq, c.get("backward_layer").get("config").get("zero_output_for_mask").asBoolean());
    }
  }

  @Test
  void weightsArgumentIsAppliedHalfForwardHalfBackward() {
    java.util.Random rng = new java.util.Random(5);
    List<INDArray> w =
        List.of(
            LayerTestSupport.randn(rng, 3, 4),
            LayerTestSupport.randn(rng, 4, 4),
            LayerTestSupport.randn(rng, 4),
            LayerTestSupport.randn(rng, 3, 4),
            LayerTestSupport.randn(rng, 4, 4),
            LayerTestSupport.randn(rng, 4));
    Bidirectional bi = Bidirectional.builder(SimpleRNN.of(4)).weights(w).build();
    assertEquals(w, bi.getWeights());
    assertEquals(w.subList(3, 6), bi.backwardLayer().getWeights());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Bidirectional.builder(SimpleRNN.of(4)).weights(w.subList(0, 5)).build());
    assertTrue(e.getMessage().contains("received 5"), e.getMessage());
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class,
            () -> Bidirectional.builder(SimpleRNN.of(3)).weights(w).build());
    assertTrue(
        shape.getMessage().contains("weight 0 (kernel) must have shape [3, 3]"),
        shape.getMessage());
  }

  @Test
  void concatAcceptsBackwardLayerOfOtherUnits() {
    Bidirectional bi =
        Bidirectional.builder(SimpleRNN.of(3))
            .backwardLayer(SimpleRNN.builder().units(2).goBackwards(true).build())
            .build();
    INDArray y = bi.call(arange(1, 2, 4)).output();
    assertArrayEquals(new long[] {1, 5}, y.shape());
    assertArrayEquals(new long[] {-1, 5}, bi.computeOutputShape(new long[] {-1, 2, 4}).get(0));
  }

  @Test
  void goBackwardsLayerWithAForwardBackwardLayerGivesReversedMergedSequence() {
    SimpleRNN fwd = SimpleRNN.builder().units(2).goBackwards(true).returnSequences(true).build();
    SimpleRNN bwd = SimpleRNN.builder().units(2).returnSequences(true).build();
    Bidirectional bi =
        Bidirectional.builder(fwd).backwardLayer(bwd).mergeMode(MergeMode.NONE).build();
    INDArray x = arange(1, 3, 2);
    List<INDArray> o = bi.call(x).outputs();
    LayerCall alone = bi.forwardLayer().call(x, null, null, false);
    assertEquals(alone.output(), o.get(0), "the forward sub-layer's output is never flipped");
  }

  /** A user-written layer that honours the contract: running sums of the inputs' first unit. */
  static final class CumulativeSum extends RecurrentLayer {
    private final com.fasterxml.jackson.databind.node.ObjectNode config;
    private long inputDim = -1;

    CumulativeSum(com.fasterxml.jackson.databind.node.ObjectNode config) {
      this.config = config;
    }

    static CumulativeSum create(String name, boolean goBackwards) {
      com.fasterxml.jackson.databind.node.ObjectNode c = KerasJson.object();
      c.put("name", name);
      c.put("go_backwards", goBackwards);
      c.put("return_sequences", true);
      c.put("zero_output_for_mask", false);
      return new CumulativeSum(c);
    }

    @Override
    public String className() {
      return "CumulativeSum";
    }

    @Override
    public String name() {
      return config.get("name").asText();
    }

    @Override
    public boolean goBackwards() {
      return config.get("go_backwards").asBoolean();
    }

    @Override
    public boolean returnSequences() {
      return config.get("return_sequences").asBoolean();
    }

    @Override
    public boolean returnState() {
      return false;
    }

    @Override
    public boolean stateful() {
      return false;
    }

    @Override
    public int units() {
      return 1;
    }

    @Override
    public int stateCount() {
      return 1;
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode getConfig() {
      return config.deepCopy();
    }

    @Override
    public RecurrentLayer withConfig(com.fasterxml.jackson.databind.node.ObjectNode c) {
      return new CumulativeSum(c);
    }

    @Override
    public boolean isBuilt() {
      return inputDim > 0;
    }

    @Override
    public void bindWeights(List<INDArray> views) {}

    @Override
    public void build(long inputDim) {
      this.inputDim = inputDim;
    }

    @Override
    public long inputDim() {
      return inputDim;
    }

    @Override
    public LayerCall call(INDArray x, INDArray mask, List<INDArray> init, boolean training) {
      long b = x.size(0);
      long t = x.size(1);
      INDArray y = Nd4j.zeros(x.dataType(), b, t, 1);
      for (long i = 0; i < b; i++) {
        double s = 0;
        for (long k = 0; k < t; k++) {
          long step = goBackwards() ? t - 1 - k : k;
          s += x.getDouble(i, step, 0);
          y.putScalar(new long[] {i, k, 0}, s);
        }
      }
      return new LayerCall(
          List.of(y),
          null,
          1,
          0,
          d -> {
            throw new UnsupportedOperationException("forward-only test layer");
          });
    }

    @Override
    public List<INDArray> getWeights() {
      return List.of();
    }

    @Override
    public void setWeights(List<INDArray> w) {}

    @Override
    public List<INDArray> weightArrays() {
      return List.of();
    }

    @Override
    public List<INDArray> states() {
      return null;
    }

    @Override
    public void resetStates() {}

    @Override
    public double regularizationPenalty() {
      return 0;
    }

    @Override
    public List<INDArray> regularizationGradients() {
      return List.of();
    }
  }

  @Test
  void userWrittenRecurrentLayerCanBeWrapped() {
    Bidirectional bi = Bidirectional.of(CumulativeSum.create("cumsum", false));
    INDArray x = arange(1, 3, 1).addi(1); // 1, 2, 3
    INDArray y = bi.call(x).output();
    // forward running sums 1, 3, 6; backward sums from the end 6, 5, 3 aligned with time.
    assertValues(new double[] {1, 6, 3, 5, 6, 3}, y, 0.0);
    assertEquals("forward_cumsum", bi.forwardLayer().name());
    LayerRegistry.register(
        "CumulativeSum",
        c -> new CumulativeSum((com.fasterxml.jackson.databind.node.ObjectNode) c));
    Bidirectional copy = Bidirectional.fromConfig(bi.getConfig());
    assertEquals(y, copy.call(x).output());
  }

  @Test
  void kerasTwoConfigTogglesGoBackwards() {
    String k2 =
        "{\"name\":\"bidirectional\",\"trainable\":true,\"dtype\":\"float32\",\"merge_mode\":\"concat\","
            + "\"layer\":{\"class_name\":\"LSTM\",\"config\":{\"name\":\"lstm\",\"units\":2,\"go_backwards\":true,"
            + "\"return_sequences\":false,\"implementation\":2,\"time_major\":false,\"recurrent_activation\":\"hard_sigmoid\"}}}";
    Bidirectional bi = Bidirectional.fromConfig(KerasJson.parse(k2));
    assertTrue(bi.forwardLayer().goBackwards());
    assertFalse(bi.backwardLayer().goBackwards());
    assertEquals(
        Activation.HARD_SIGMOID_KERAS2, ((RNN) bi.forwardLayer()).config().recurrentActivation());
  }
}
