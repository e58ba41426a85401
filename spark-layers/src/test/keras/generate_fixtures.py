"""Writes Keras-computed fixtures for the Java tests (run by hand; the output is committed).

    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install -r requirements.txt
    KERAS_BACKEND=jax /tmp/kv/bin/python generate_fixtures.py ../resources/keras \
        ../../../../pipelines/src/test/resources/keras

``generate_older_fixtures.py`` writes the formats of older Keras (tf.keras 2.15, Keras 3.5).

Each fixture is a JSON file: the model's Keras 3 JSON, its weights in Keras order, inputs,
targets, and what Keras computes for them (predictions and the compiled loss, masks applied).
"""

import json
import os
import shutil
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def tensor(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def masked_tagger(cell, merge_mode, seed):
    """Embedding(mask_zero) -> Bidirectional(cell, return_sequences) -> per-step Dense softmax."""
    keras.utils.set_random_seed(seed)
    layer = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[cell]
    model = keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(9, 4, mask_zero=True),
            keras.layers.Bidirectional(layer(3, return_sequences=True), merge_mode=merge_mode),
            keras.layers.Dense(5, activation="softmax"),
        ]
    )
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    rng = np.random.default_rng(seed)
    lengths = [6, 4, 1, 3]
    x = np.zeros((len(lengths), 6), dtype="int32")
    y = np.zeros((len(lengths), 6), dtype="int32")
    for i, n in enumerate(lengths):
        x[i, :n] = rng.integers(1, 9, n)
        # Padding steps get tags too: the mask must keep them out of the loss.
        y[i] = rng.integers(0, 5, 6)
    loss = model.evaluate(x, y, batch_size=len(lengths), verbose=0)
    return {
        "id": f"masked_tagger_{cell}_{merge_mode}",
        "description": "per-step sparse categorical cross-entropy of a masked bidirectional"
        f" {cell} tagger, merge_mode={merge_mode}; padding steps carry random tags",
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "model_json": model.to_json(),
        "weights": [tensor(w) for w in model.get_weights()],
        "input": tensor(x),
        "targets": tensor(y),
        "expected_predictions": tensor(model.predict(x, verbose=0)),
        "expected_loss": float(loss),
    }


def model_files():
    """Models of every layer the library has, each saved by Keras as a ``.keras`` archive and a
    ``.weights.h5`` file, with inputs and Keras's predictions: (id, model, input)."""
    L = keras.layers
    rng = np.random.default_rng(7)
    ids = np.array([[3, 1, 7, 2, 0, 0], [5, 11, 4, 9, 8, 6], [2, 0, 0, 0, 0, 0]], dtype="int32")
    steps = rng.normal(size=(3, 5, 4)).astype("float32")
    steps[0, 3:] = 0.0  # padding for Masking
    out = []

    keras.utils.set_random_seed(11)
    out.append(
        (
            "stacked_lstm_gru",
            keras.Sequential(
                [
                    keras.Input((None,), dtype="int32"),
                    L.Embedding(12, 4, mask_zero=True),
                    L.Bidirectional(L.LSTM(3, return_sequences=True)),
                    L.Bidirectional(L.GRU(2)),
                    L.Dense(3, activation="softmax"),
                ]
            ),
            ids,
        )
    )
    keras.utils.set_random_seed(12)
    out.append(
        (
            "masked_gru_reset_before_sum",
            keras.Sequential(
                [
                    keras.Input((None, 4)),
                    L.Masking(0.0),
                    L.Bidirectional(L.GRU(3, reset_after=False), merge_mode="sum"),
                    L.Dense(2),
                ]
            ),
            steps,
        )
    )
    keras.utils.set_random_seed(13)
    out.append(
        (
            "simple_rnn_backward_layer_ave",
            keras.Sequential(
                [
                    keras.Input((None, 4)),
                    L.Bidirectional(
                        L.SimpleRNN(3, return_sequences=True),
                        backward_layer=L.SimpleRNN(
                            3, activation="relu", return_sequences=True, go_backwards=True
                        ),
                        merge_mode="ave",
                    ),
                    L.Dense(2, activation="sigmoid"),
                ]
            ),
            steps,
        )
    )
    keras.utils.set_random_seed(14)
    x = keras.Input((None,), dtype="int32")
    e = L.Embedding(12, 4)(x)  # no mask: Keras would record its mask ops as graph nodes
    fwd, bwd = L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode=None)(e)
    both = L.Add()([fwd, bwd])
    pooled = L.Concatenate()([L.GlobalMaxPooling1D()(both), L.GlobalAveragePooling1D()(both)])
    y = L.Dense(2, activation="softmax")(L.Dropout(0.3)(pooled))
    out.append(("functional_merge_none_pooling", keras.Model(x, y), ids))
    keras.utils.set_random_seed(15)
    out.append(
        (
            "tagger_lstm",
            keras.Sequential(
                [
                    keras.Input((None,), dtype="int32"),
                    L.Embedding(12, 4, mask_zero=True),
                    L.Bidirectional(L.LSTM(3, return_sequences=True)),
                    L.Dense(3, activation="softmax"),
                ]
            ),
            ids,
        )
    )
    keras.utils.set_random_seed(17)
    out.append(
        (
            "masked_gru_mul",
            keras.Sequential(
                [
                    keras.Input((None,), dtype="int32"),
                    L.Embedding(12, 4, mask_zero=True),
                    L.Bidirectional(L.GRU(3), merge_mode="mul"),
                    L.Dense(2, activation="softmax"),
                ]
            ),
            ids,
        )
    )
    keras.utils.set_random_seed(16)
    x = keras.Input((None,), dtype="int32")
    e = L.Embedding(12, 4, mask_zero=True)(x)
    # Merging masked tensors: Keras records the merged masks as op nodes (NotEqual, LogicalOr,
    # ExpandDims, ZerosLike, Any) that feed the next layers' mask arguments.
    a = L.Bidirectional(L.LSTM(3, return_sequences=True))(e)
    b = L.Bidirectional(L.GRU(3, return_sequences=True))(e)
    c = L.Concatenate()([L.Add()([a, b]), e])
    y = L.Dense(2, activation="softmax")(L.GlobalAveragePooling1D()(c))
    out.append(("functional_mask_ops", keras.Model(x, y), ids))
    return out


def trained_archives(files):
    """Archives of compiled models saved after two training steps, so they carry optimizer state:
    a fine-tune that reads it takes the third step exactly as Keras does (recorded beside)."""
    L = keras.layers
    ids = np.array([[3, 1, 7, 2, 0], [5, 11, 4, 9, 8], [2, 6, 0, 0, 0]], dtype="int32")
    y = np.array([0, 2, 1], dtype="int32")
    optimizers = {
        "adam": lambda: keras.optimizers.Adam(0.01),
        "rmsprop_centered_momentum": lambda: keras.optimizers.RMSprop(
            0.01, momentum=0.5, centered=True
        ),
    }
    for name, make in optimizers.items():
        keras.utils.set_random_seed(31)
        model = keras.Sequential(
            [
                keras.Input((None,), dtype="int32"),
                L.Embedding(12, 4, mask_zero=True),
                L.Bidirectional(L.LSTM(3)),
                L.Dense(3, activation="softmax"),
            ]
        )
        model.compile(loss="sparse_categorical_crossentropy", optimizer=make())
        for _ in range(2):
            model.train_on_batch(ids, y)
        path = os.path.join(files, "trained_" + name)
        model.save(path + ".keras")
        before = model.predict(ids, verbose=0)
        model.train_on_batch(ids, y)
        with open(path + ".json", "w") as out:
            json.dump(
                {
                    "id": "trained_" + name,
                    "keras_version": keras.__version__,
                    "backend": keras.backend.backend(),
                    "input": tensor(ids),
                    "targets": tensor(y),
                    "expected_predictions": tensor(before),
                    "expected_after_one_more_step": tensor(model.predict(ids, verbose=0)),
                },
                out,
                indent=1,
            )
            out.write("\n")


#: The models also saved as legacy ``.h5`` files.
LEGACY_H5 = ("stacked_lstm_gru", "functional_merge_none_pooling")

#: The files the pipelines module's tests also read (Spark entry points for Keras files).
FOR_PIPELINES = ("stacked_lstm_gru", "tagger_lstm")


def main(out_dir, pipelines_dir=None):
    os.makedirs(out_dir, exist_ok=True)
    for cell, merge, seed in [("lstm", "concat", 1), ("gru", "sum", 2)]:
        f = masked_tagger(cell, merge, seed)
        with open(os.path.join(out_dir, f["id"] + ".json"), "w") as out:
            json.dump(f, out, indent=1)
            out.write("\n")
    files = os.path.join(out_dir, "files")
    os.makedirs(files, exist_ok=True)
    trained_archives(files)
    # The optional NumPy weights format (pickled dicts), which the library refuses by name.
    from keras.src.saving import saving_lib

    keras.utils.set_random_seed(17)
    tiny = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    saving_lib.save_model(tiny, os.path.join(files, "npz_weights.keras"), weights_format="npz")
    for name, model, x in model_files():
        model.compile(loss="mse", optimizer="adam")
        model.save(os.path.join(files, name + ".keras"))
        model.save_weights(os.path.join(files, name + ".weights.h5"))
        if name in LEGACY_H5:
            # Keras 3 still writes the legacy HDF5 model format when the name ends in .h5.
            model.save(os.path.join(files, name + ".h5"))
        with open(os.path.join(files, name + ".json"), "w") as out:
            json.dump(
                {
                    "id": name,
                    "keras_version": keras.__version__,
                    "backend": keras.backend.backend(),
                    "input": tensor(x),
                    "expected_predictions": tensor(model.predict(x, verbose=0)),
                },
                out,
                indent=1,
            )
            out.write("\n")
        if pipelines_dir and name in FOR_PIPELINES:
            os.makedirs(pipelines_dir, exist_ok=True)
            for ext in (".keras", ".json"):
                shutil.copy(os.path.join(files, name + ext), pipelines_dir)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
