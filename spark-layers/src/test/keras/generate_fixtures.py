"""Writes Keras-computed fixtures for the Java tests (run by hand; the output is committed).

    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install -r requirements.txt
    KERAS_BACKEND=jax /tmp/kv/bin/python generate_fixtures.py ../resources/keras

Each fixture is a JSON file: the model's Keras 3 JSON, its weights in Keras order, inputs,
targets, and what Keras computes for them (predictions and the compiled loss, masks applied).
"""

import json
import os
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


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for cell, merge, seed in [("lstm", "concat", 1), ("gru", "sum", 2)]:
        f = masked_tagger(cell, merge, seed)
        with open(os.path.join(out_dir, f["id"] + ".json"), "w") as out:
            json.dump(f, out, indent=1)
            out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
