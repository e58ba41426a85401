"""Keras files both ways, checked by Keras itself: archives the JVM exports (``ModelIO.saveKeras``
and the models' ``saveKeras``) load in Keras 3 and predict what the library predicts, and Keras
files score on Spark through ``fromKeras``."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402

from birnn_spark import (  # noqa: E402
    BidirectionalRNNClassificationModel,
    BidirectionalRNNTaggerModel,
)

REPO = Path(__file__).resolve().parents[3]
FILES = REPO / "spark-layers" / "src" / "test" / "resources" / "keras" / "files"

#: Models Keras 3.12 wrote, one of each layer the library exports.
IDS = [
    "stacked_lstm_gru",
    "masked_gru_reset_before_sum",
    "masked_gru_mul",
    "simple_rnn_backward_layer_ave",
    "functional_merge_none_pooling",
    "functional_mask_ops",
    "tagger_lstm",
]


def fixture(model_id):
    with open(FILES / (model_id + ".json")) as f:
        record = json.load(f)

    def array(t):
        return np.asarray(t["data"], dtype="float64").reshape(t["shape"])

    return array(record["input"]), array(record["expected_predictions"])


def keras_predict(path, x):
    model = keras.saving.load_model(str(path))
    dtype = model.inputs[0].dtype
    return np.asarray(model.predict(x.astype(dtype), verbose=0), dtype="float64")


@pytest.mark.parametrize("model_id", IDS)
def test_exported_archives_load_in_keras_and_predict_as_keras_did(spark, tmp_path, model_id):
    """Keras file -> the library (ModelIO.load) -> ModelIO.saveKeras -> Keras: the predictions
    are those of the Keras model the chain started from (the JVM tests check the library's own
    predictions against the same numbers)."""
    jvm = spark.sparkContext._jvm

    def path(p):  # a java.nio.file.Path (py4j cannot call Paths.get's varargs)
        return jvm.java.io.File(str(p)).toPath()

    model_io = jvm.org.birnn.layers.models.ModelIO
    model = model_io.load(path(FILES / (model_id + ".keras")))
    out = tmp_path / (model_id + ".keras")
    model_io.saveKeras(model, path(out))
    x, expected = fixture(model_id)
    np.testing.assert_allclose(keras_predict(out, x), expected, rtol=0, atol=1e-5)


def padded(rows):
    width = max(len(r) for r in rows)
    return np.array([list(r) + [0] * (width - len(r)) for r in rows], dtype="int32")


def test_a_classifier_trained_on_spark_predicts_the_same_in_keras(
    spark, review_rows, small_pipeline, probabilities, tmp_path
):
    df = spark.createDataFrame(review_rows, ["text", "label"])
    model = small_pipeline().fit(df)
    scored = model.transform(df)
    ids = [r.ids for r in scored.select("ids").collect()]
    ours = np.array(probabilities(scored))
    path = tmp_path / "classifier.keras"
    model.stages[-1].saveKeras(str(path))
    # Keras masks the padding (Embedding mask_zero), as the library skips it.
    np.testing.assert_allclose(keras_predict(path, padded(ids)), ours, rtol=0, atol=1e-5)


def test_a_keras_classifier_scores_on_spark(spark, probabilities):
    x, expected = fixture("stacked_lstm_gru")
    rows = [([int(v) for v in r if v != 0],) for r in x]  # the padding Keras masked, dropped
    df = spark.createDataFrame(rows, "ids array<int>")
    model = BidirectionalRNNClassificationModel.fromKeras(str(FILES / "stacked_lstm_gru.keras"))
    scored = model.setFeaturesCol("ids").transform(df)
    np.testing.assert_allclose(np.array(probabilities(scored)), expected, rtol=0, atol=1e-5)
    assert [r.prediction for r in scored.collect()] == list(expected.argmax(axis=1).astype(float))


def test_a_keras_tagger_tags_on_spark_and_exports_back(spark, tmp_path):
    x, expected = fixture("tagger_lstm")
    lengths = [int((r != 0).sum()) for r in x]
    rows = [([int(v) for v in r[:n]],) for r, n in zip(x, lengths)]
    df = spark.createDataFrame(rows, "ids array<int>")
    tags = ["DET", "NOUN", "VERB"]
    model = BidirectionalRNNTaggerModel.fromKeras(str(FILES / "tagger_lstm.keras"), tags)
    predicted = [r.prediction for r in model.setFeaturesCol("ids").transform(df).collect()]
    want = [[tags[t] for t in e[:n].argmax(axis=1)] for e, n in zip(expected, lengths)]
    assert predicted == want
    assert model.tags == tags
    path = tmp_path / "tagger.keras"
    model.saveKeras(str(path))
    got = keras_predict(path, x)
    for g, e, n in zip(got, expected, lengths):
        np.testing.assert_allclose(g[:n], e[:n], rtol=0, atol=1e-5)
