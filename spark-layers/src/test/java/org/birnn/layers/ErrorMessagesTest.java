package org.birnn.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.core.InputLayer;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.pooling.GlobalPooling1D;
import org.birnn.layers.regularization.Dropout;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.CellType;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.rnn.MergeMode;
import org.birnn.layers.rnn.RecurrentConfig;
import org.birnn.layers.rnn.RecurrentLayer;
import org.birnn.layers.rnn.SimpleRNN;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every error the layers raise: its type and the words that tell the user what to fix. */
class ErrorMessagesTest {
  private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
  private static final Class<UnsupportedOperationException> UOE =
      UnsupportedOperationException.class;

  private static Arguments c(
      String name, Class<? extends Throwable> type, String fragment, Executable e) {
    return Arguments.of(name, type, fragment, e);
  }

  private static INDArray zeros(long... shape) {
    return Nd4j.zeros(DataType.FLOAT, shape);
  }

  private static Bidirectional bidi(String json) {
    return Bidirectional.fromConfig(KerasJson.parse(json));
  }

  private static final String LSTM2 = "{\"class_name\":\"LSTM\",\"config\":{\"units\":2}}";

  static Stream<Arguments> cases() {
    LSTM built = LSTM.of(2);
    built.build(3);
    LSTM stateful = LSTM.builder().units(2).stateful(true).build();
    stateful.call(zeros(2, 1, 3), null, null, false);
    LayerCall out = SimpleRNN.of(2).call(zeros(1, 2, 3), null, null, false);
    return Stream.of(
        // builder arguments
        c(
            "units zero",
            IAE,
            "units must be a positive integer; received units=0",
            () -> LSTM.builder().units(0).build()),
        c("units missing", IAE, "received units=-1", () -> GRU.builder().build()),
        c(
            "dtype",
            IAE,
            "dtype must be \"float32\" or \"float64\"; received \"int8\"",
            () -> LSTM.builder().units(1).dtype("int8").build()),
        c(
            "NaN dropout",
            IAE,
            "dropout=NaN",
            () -> LSTM.builder().units(1).dropout(Double.NaN).build()),
        c(
            "SimpleRNN recurrent_activation",
            IAE,
            "SimpleRNN has no recurrent_activation",
            () -> SimpleRNN.builder().units(1).recurrentActivation(Activation.SIGMOID).build()),
        c(
            "GRU unit_forget_bias",
            IAE,
            "GRU has no unit_forget_bias argument",
            () -> GRU.builder().units(1).unitForgetBias(true).build()),
        c(
            "LSTM reset_after",
            IAE,
            "LSTM has no reset_after argument",
            () -> LSTM.builder().units(1).resetAfter(true).build()),
        c(
            "empty name",
            IAE,
            "name must not be empty",
            () -> LSTM.builder().units(1).name("").build()),
        c(
            "wrong config type",
            IAE,
            "GRU needs a config of cell type GRU; received LSTM",
            () -> new GRU(RecurrentConfig.builder(CellType.LSTM).units(1).build())),
        // configs
        c(
            "unknown key",
            IAE,
            "Unrecognized keyword argument 'foo' passed to LSTM",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"foo\":1}"))),
        c(
            "reset_after on LSTM config",
            IAE,
            "Unrecognized keyword argument 'reset_after'",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"reset_after\":true}"))),
        c(
            "missing units",
            IAE,
            "config needs 'units'",
            () -> RecurrentConfig.fromJson(CellType.GRU, KerasJson.parse("{}"))),
        c(
            "constraint",
            UOE,
            "LSTM: kernel_constraint={\"class_name\":\"NonNeg\"} is not supported; only kernel_constraint=null is",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM,
                    KerasJson.parse(
                        "{\"units\":1,\"kernel_constraint\":{\"class_name\":\"NonNeg\"}}"))),
        c(
            "Dense without units",
            IAE,
            "Dense config needs 'units'",
            () -> Dense.fromConfig(KerasJson.parse("{\"activation\":\"relu\"}"))),
        c(
            "Embedding input_dim",
            IAE,
            "Embedding: input_dim must be a positive integer; received input_dim=0",
            () -> Embedding.builder().inputDim(0).outputDim(3).build()),
        c(
            "Dense argument of another layer",
            IAE,
            "Dense has no mask_zero argument; received true",
            () -> Dense.builder().units(2).set(Embedding.MASK_ZERO, true).build()),
        c(
            "InputLayer sparse",
            UOE,
            "InputLayer: sparse=true is not supported; only sparse=false is",
            () ->
                InputLayer.fromConfig(
                    KerasJson.parse("{\"batch_shape\":[null,3],\"sparse\":true}"))),
        c(
            "pooling keepdims",
            UOE,
            "GlobalMaxPooling1D: keepdims=true is not supported",
            () ->
                GlobalPooling1D.fromConfig(
                    "GlobalMaxPooling1D", KerasJson.parse("{\"keepdims\":true}"))),
        c(
            "Dropout rate",
            IAE,
            "Dropout: rate must be a number in [0, 1); received rate=1.0",
            () -> Dropout.of(1.0)),
        c(
            "time_major",
            UOE,
            "time_major=true is not supported",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"time_major\":true}"))),
        c(
            "trainable not boolean",
            IAE,
            "'trainable' must be a boolean",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"trainable\":\"yes\"}"))),
        c(
            "units not integer",
            IAE,
            "'units' must be an integer; got 2.5",
            () -> RecurrentConfig.fromJson(CellType.LSTM, KerasJson.parse("{\"units\":2.5}"))),
        c(
            "dropout not number",
            IAE,
            "'dropout' must be a number",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"dropout\":\"x\"}"))),
        c(
            "seed not integer",
            IAE,
            "'seed' must be an integer",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"seed\":\"x\"}"))),
        c(
            "activation not string",
            IAE,
            "'activation' must be a string",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"activation\":3}"))),
        c(
            "bad dtype dict",
            IAE,
            "'dtype' must be a string or a DTypePolicy dict",
            () ->
                RecurrentConfig.fromJson(
                    CellType.LSTM, KerasJson.parse("{\"units\":1,\"dtype\":{\"x\":1}}"))),
        c(
            "unknown activation",
            IAE,
            "Unknown activation 'gelu'",
            () -> Activation.fromKerasName("gelu", false)),
        c("invalid JSON", IAE, "Not valid JSON", () -> KerasJson.parse("{units")),
        c("float16", IAE, "Unsupported dtype \"float16\"", () -> Tensors.dataType("float16")),
        // initializers and regularizers
        c(
            "unknown initializer",
            IAE,
            "Unknown initializer 'fancy'",
            () -> Initializer.fromJson(KerasJson.parse("\"fancy\""))),
        c("null initializer", IAE, "An initializer is required", () -> Initializer.fromJson(null)),
        c(
            "initializer without class",
            IAE,
            "must be an object with a 'class_name' string",
            () -> Initializer.fromJson(KerasJson.parse("{\"config\":{}}"))),
        c(
            "stddev",
            IAE,
            "stddev must be > 0; got -1.0",
            () -> Initializer.randomNormal(0, -1, null)),
        c(
            "truncated stddev",
            IAE,
            "stddev must be > 0; got 0.0",
            () -> Initializer.truncatedNormal(0, 0, null)),
        c(
            "uniform range",
            IAE,
            "minval < maxval; got minval=1.0, maxval=0.0",
            () -> Initializer.randomUniform(1, 0, null)),
        c(
            "orthogonal rank",
            IAE,
            "Orthogonal initializer needs a shape of rank >= 2; got rank 1",
            () ->
                Initializer.orthogonal(1, null)
                    .initialize(new long[] {3}, DataType.FLOAT, new java.util.Random())),
        c("negative l2", IAE, "finite and >= 0; got l1=0.0, l2=-1.0", () -> Regularizer.l2(-1)),
        c(
            "unknown regularizer name",
            IAE,
            "Unknown regularizer 'l3'",
            () -> Regularizer.fromJson(KerasJson.parse("\"l3\""))),
        c(
            "unknown regularizer class",
            IAE,
            "Unknown regularizer class 'OrthogonalRegularizer'",
            () ->
                Regularizer.fromJson(
                    KerasJson.parse("{\"class_name\":\"OrthogonalRegularizer\",\"config\":{}}"))),
        // calls
        c(
            "rank 2 input",
            IAE,
            "expects input of rank 3 [batch, time, features]; received shape [2, 3]",
            () -> LSTM.of(2).call(zeros(2, 3), null, null, false)),
        c(
            "feature mismatch",
            IAE,
            "received input of shape [1, 2, 4] but was built for 3 features",
            () -> built.call(zeros(1, 2, 4), null, null, false)),
        c(
            "no time steps",
            IAE,
            "needs at least one sample and one time step",
            () -> LSTM.of(2).call(zeros(1, 0, 3), null, null, false)),
        c(
            "mask shape",
            IAE,
            "mask must have shape [batch, time] = [1, 2]; received [1, 3]",
            () -> LSTM.of(2).call(zeros(1, 2, 3), zeros(1, 3), null, false)),
        c(
            "initial state count",
            IAE,
            "expects 2 initial state tensor(s) of shape [batch, 2]; received 1",
            () -> LSTM.of(2).call(zeros(1, 2, 3), null, List.of(zeros(1, 2)), false)),
        c(
            "initial state shape",
            IAE,
            "initial state 1 must have shape [1, 2]; received [1, 3]",
            () -> LSTM.of(2).call(zeros(1, 2, 3), null, List.of(zeros(1, 2), zeros(1, 3)), false)),
        c(
            "stateful batch",
            IAE,
            "Expected batch size: 2. Received batch size: 3",
            () -> stateful.call(zeros(3, 1, 3), null, null, false)),
        c(
            "build dim",
            IAE,
            "input feature dimension must be > 0; received 0",
            () -> LSTM.of(2).build(0)),
        c(
            "setWeights count",
            IAE,
            "expects 3 weight arrays (kernel, recurrent_kernel, bias); received 2",
            () -> built.setWeights(List.of(zeros(3, 8), zeros(2, 8)))),
        c(
            "setWeights shape",
            IAE,
            "weight 2 (bias) must have shape [8]; received [4]",
            () -> built.setWeights(List.of(zeros(3, 8), zeros(2, 8), zeros(4)))),
        c(
            "setWeights unbuilt",
            IAE,
            "is not built and the first weight",
            () -> LSTM.of(2).setWeights(List.of())),
        c(
            "backward count",
            IAE,
            "backward needs one gradient per returned tensor: expected 1, received 2",
            () -> out.backward(java.util.Arrays.asList(null, null))),
        c(
            "backward shape",
            IAE,
            "Gradient 0 has shape [3]; expected the shape of output 0, [1, 2]",
            () -> out.backward(List.of(zeros(3)))),
        // registry
        c(
            "unknown layer class",
            IAE,
            "Unknown layer class 'ConvLSTM1D'",
            () -> LayerRegistry.fromConfig("ConvLSTM1D", KerasJson.object(), RecurrentLayer.class)),
        c(
            "not a recurrent layer",
            IAE,
            "Layer class 'Dense' is a Dense, not a RecurrentLayer",
            () ->
                LayerRegistry.deserialize(
                    KerasJson.parse("{\"class_name\":\"Dense\",\"config\":{\"units\":2}}"),
                    RecurrentLayer.class)),
        c(
            "serialized without config",
            IAE,
            "needs a 'config' object",
            () -> LayerRegistry.deserialize(KerasJson.parse("{\"class_name\":\"LSTM\"}"))),
        // Bidirectional construction (Keras ValueErrors)
        c(
            "null layer",
            IAE,
            "Please initialize `Bidirectional` layer with a recurrent layer instance. Received: null",
            () -> Bidirectional.of(null)),
        c(
            "merge mode",
            IAE,
            "Invalid merge mode. Received: Concat",
            () -> MergeMode.fromKeras("Concat")),
        c(
            "same go_backwards",
            IAE,
            "should have different `go_backwards` value",
            () -> Bidirectional.of(LSTM.builder().units(2).goBackwards(true).build())),
        c(
            "custom same direction",
            IAE,
            "forward_layer.go_backwards=false, backward_layer.go_backwards=false",
            () -> Bidirectional.builder(LSTM.of(2)).backwardLayer(LSTM.of(2)).build()),
        c(
            "stateful checked first",
            IAE,
            "same value for attribute \"stateful\"",
            () ->
                Bidirectional.builder(LSTM.of(2))
                    .backwardLayer(
                        LSTM.builder()
                            .units(2)
                            .goBackwards(true)
                            .stateful(true)
                            .returnSequences(true)
                            .build())
                    .build()),
        c(
            "return_sequences",
            IAE,
            "attribute \"return_sequences\", got \"false\" for forward layer and \"true\"",
            () ->
                Bidirectional.builder(LSTM.of(2))
                    .backwardLayer(
                        LSTM.builder().units(2).goBackwards(true).returnSequences(true).build())
                    .build()),
        c(
            "return_state",
            IAE,
            "attribute \"return_state\"",
            () ->
                Bidirectional.builder(LSTM.of(2))
                    .backwardLayer(
                        LSTM.builder().units(2).goBackwards(true).returnState(true).build())
                    .build()),
        c(
            "units for sum",
            IAE,
            "merge_mode \"sum\" needs forward and backward layers with the same units; received forward units=2, backward units=3",
            () ->
                Bidirectional.builder(LSTM.of(2))
                    .mergeMode(MergeMode.SUM)
                    .backwardLayer(LSTM.builder().units(3).goBackwards(true).build())
                    .build()),
        c(
            "bidirectional build shape",
            IAE,
            "expects input shape [batch, time, features]; received [2, 3]",
            () -> Bidirectional.of(LSTM.of(2)).build(new long[] {2, 3})),
        c(
            "bidirectional rank",
            IAE,
            "expects input of rank 3 [batch, time, features]; received shape [4]",
            () -> Bidirectional.of(LSTM.of(2)).call(zeros(4))),
        c(
            "bidirectional initial_state",
            IAE,
            "initial_state must hold 2 forward state(s) then 2 backward state(s), 4 tensors in all; received 2",
            () ->
                Bidirectional.of(LSTM.of(2))
                    .call(zeros(1, 2, 3), null, List.of(zeros(1, 2), zeros(1, 2)), false)),
        c(
            "bidirectional weights",
            IAE,
            "expects an even number of weight arrays",
            () ->
                Bidirectional.of(LSTM.of(2))
                    .setWeights(List.of(zeros(3, 8), zeros(2, 8), zeros(8)))),
        c(
            "reset non-stateful",
            IllegalStateException.class,
            "Layer must be stateful",
            () -> Bidirectional.of(LSTM.of(2)).resetStates()),
        // Bidirectional configs
        c(
            "bidirectional unknown key",
            IAE,
            "Unrecognized keyword argument 'foo' passed to Bidirectional",
            () -> bidi("{\"foo\":1,\"merge_mode\":\"sum\",\"layer\":" + LSTM2 + "}")),
        c(
            "constants",
            UOE,
            "Bidirectional: num_constants=1 is not supported; only num_constants=0 is",
            () -> bidi("{\"num_constants\":1,\"merge_mode\":\"sum\",\"layer\":" + LSTM2 + "}")),
        c(
            "missing layer",
            IAE,
            "Bidirectional config needs 'layer'",
            () -> bidi("{\"merge_mode\":\"sum\"}")),
        c("missing merge_mode", IAE, "needs 'merge_mode'", () -> bidi("{\"layer\":" + LSTM2 + "}")),
        c(
            "layer without class",
            IAE,
            "layer must be an object with a 'class_name' string",
            () -> bidi("{\"merge_mode\":\"sum\",\"layer\":{\"config\":{}}}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void errorNamesWhatIsWrong(
      String name, Class<? extends Throwable> type, String fragment, Executable e) {
    Throwable t = assertThrows(type, e);
    assertTrue(
        t.getMessage() != null && t.getMessage().contains(fragment),
        "message should contain [" + fragment + "] but was [" + t.getMessage() + "]");
  }
}
