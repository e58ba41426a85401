"""Fit, score, save and load from classic PySpark; the numbers come from the JVM, so the checks
are that Python hands over the params and reads back exactly what the JVM computed."""

import math

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator

from birnn_spark import (
    BidirectionalRNNClassificationModel,
    BidirectionalRNNClassifier,
    TokenIndexer,
    TokenIndexerModel,
    TrainingSummary,
)


@pytest.fixture(scope="module")
def ids_df(reviews_df):
    indexer = TokenIndexer(inputCol="tokens", outputCol="ids").fit(reviews_df)
    return indexer.transform(reviews_df).cache()


@pytest.fixture(scope="module")
def fitted(ids_df):
    clf = BidirectionalRNNClassifier(
        featuresCol="ids", maxIter=12, units=8, embeddingDim=8, seed=3, validationFraction=0.25
    )
    return clf, clf.fit(ids_df)


def test_fit_learns_the_reviews(ids_df, fitted):
    _, model = fitted
    accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(
        model.transform(ids_df)
    )
    assert accuracy >= 0.9
    assert model.numClasses == 2
    assert isinstance(model, BidirectionalRNNClassificationModel)
    # Estimator params travel to the model (PySpark's _copyValues) and to its JVM object.
    assert model.getUnits() == 8 and model.getSeed() == 3
    assert model._java_obj.getOrDefault(model._java_obj.getParam("units")) == 8


def test_probabilities_are_softmax_of_raw_predictions(ids_df, fitted, probabilities):
    _, model = fitted
    out = model.transform(ids_df).limit(20)
    raw = probabilities(out, "rawPrediction")
    prob = probabilities(out)
    for r, p in zip(raw, prob):
        assert sum(p) == pytest.approx(1.0, abs=1e-6)
        assert [math.exp(v) for v in r] == pytest.approx(p, rel=1e-5)


def test_summary_reads_the_jvm_summary(fitted):
    _, model = fitted
    assert model.hasSummary
    summary = model.summary
    assert isinstance(summary, TrainingSummary)
    java = model._java_obj.summary()
    assert summary.objectiveHistory == list(java.objectiveHistory())
    assert summary.totalIterations == len(summary.objectiveHistory) > 0
    assert len(summary.epochSeconds) == len(summary.trainLoss) >= 1
    assert summary.trainLoss == list(java.trainLoss())
    assert summary.validationAccuracy == list(java.validationAccuracy())
    assert not any(math.isnan(v) for v in summary.validationLoss)
    assert 0.0 <= summary.synchronizationShare <= 1.0
    frame = summary.toPandas()
    assert list(frame.columns) == [
        "epoch",
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "seconds",
    ]
    assert frame["loss"].tolist() == summary.trainLoss
    rounds = summary.roundsToPandas()
    assert rounds["loss"].tolist() == summary.objectiveHistory


def test_summary_plot_draws_both_curves(fitted):
    import matplotlib

    matplotlib.use("Agg")
    _, model = fitted
    figure = model.summary.plot()
    loss_ax, acc_ax = figure.axes
    assert list(loss_ax.lines[0].get_ydata()) == model.summary.objectiveHistory
    assert list(acc_ax.lines[0].get_ydata()) == model.summary.trainAccuracy
    assert len(acc_ax.lines) == 2  # training and validation


def test_model_round_trip_predicts_identically(tmp_path, ids_df, fitted, probabilities):
    _, model = fitted
    path = str(tmp_path / "model")
    model.write().overwrite().save(path)
    loaded = BidirectionalRNNClassificationModel.load(path)
    assert loaded.uid == model.uid
    assert loaded.getUnits() == 8 and loaded.getFeaturesCol() == "ids"
    assert probabilities(loaded.transform(ids_df)) == probabilities(model.transform(ids_df))


def test_estimator_round_trip_keeps_params(tmp_path):
    clf = BidirectionalRNNClassifier(cellType="gru", units=5, mergeMode="sum", stepSize=0.003)
    path = str(tmp_path / "estimator")
    clf.save(path)
    loaded = BidirectionalRNNClassifier.load(path)
    assert loaded.uid == clf.uid
    assert loaded.extractParamMap() == clf.extractParamMap()
    assert loaded.getMergeMode() == "sum" and loaded.getStepSize() == 0.003


def test_pipeline_with_our_stages_saves_and_loads(
    tmp_path, spark, review_rows, small_pipeline, probabilities
):
    df = spark.createDataFrame(review_rows, ["text", "label"])
    model = small_pipeline().fit(df)
    path = str(tmp_path / "pipeline")
    model.save(path)
    loaded = PipelineModel.load(path)
    assert [type(s) for s in loaded.stages][1:] == [
        TokenIndexerModel,
        BidirectionalRNNClassificationModel,
    ]
    assert loaded.stages[1].vocabulary == model.stages[1].vocabulary
    assert probabilities(loaded.transform(df)) == probabilities(model.transform(df))


def test_thresholds_reach_the_jvm(ids_df, fitted):
    _, model = fitted
    copy = model.copy().setThresholds([1.0, 1e-9])  # every row goes to class 1
    predictions = {r.prediction for r in copy.transform(ids_df).select("prediction").collect()}
    assert predictions == {1.0}


def test_a_wrong_column_type_raises_with_the_jvm_message(reviews_df):
    clf = BidirectionalRNNClassifier(featuresCol="text")
    with pytest.raises(IllegalArgumentException) as error:
        clf.fit(reviews_df)
    message = str(error.value)
    assert "Column 'text'" in message
    assert "array<int>" in message  # what it expects
    assert "but was string" in message  # what it got


def test_an_invalid_param_value_is_refused_when_set(ids_df):
    clf = BidirectionalRNNClassifier(featuresCol="ids", cellType="transformer")
    with pytest.raises(IllegalArgumentException) as error:
        clf.fit(ids_df)
    assert "cellType" in str(error.value) and "transformer" in str(error.value)


def test_handle_invalid_skip_drops_null_sequences(spark, ids_df, fitted):
    _, model = fitted
    with_null = (
        ids_df.select("ids").limit(3).union(spark.createDataFrame([(None,)], "ids array<int>"))
    )
    with pytest.raises(Exception) as error:
        model.transform(with_null).collect()
    assert "ids" in str(error.value)
    skipped = model.copy().setHandleInvalid("skip").transform(with_null)
    assert skipped.count() == 3
