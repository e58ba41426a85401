"""The same stages over Spark Connect: fit, transform, summary, save and load run on the server
through Spark's ML commands, and errors come back with the JVM's message."""

import pytest
from pyspark.errors.exceptions.connect import IllegalArgumentException
from pyspark.ml import PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator

from birnn_spark import (
    BidirectionalRNNClassificationModel,
    BidirectionalRNNClassifier,
    TokenIndexer,
    TokenIndexerModel,
)


@pytest.fixture(scope="module")
def ids_df(reviews_df):
    return TokenIndexer(inputCol="tokens", outputCol="ids").fit(reviews_df).transform(reviews_df)


@pytest.fixture(scope="module")
def model(ids_df):
    clf = BidirectionalRNNClassifier(
        featuresCol="ids", maxIter=12, units=8, embeddingDim=8, seed=3, validationFraction=0.25
    )
    return clf.fit(ids_df)


def test_fit_and_transform_on_the_server(ids_df, model):
    assert isinstance(model, BidirectionalRNNClassificationModel)
    assert model.numClasses == 2
    assert model.getUnits() == 8
    accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(
        model.transform(ids_df)
    )
    assert accuracy >= 0.9


def test_summary_over_connect(model):
    summary = model.summary
    assert summary.totalIterations == len(summary.objectiveHistory) > 0
    epochs = len(summary.epochSeconds)
    assert epochs >= 1
    assert set(summary.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == epochs for v in summary.history.values())
    assert summary.trainLoss[-1] < summary.trainLoss[0]


def test_model_round_trip_over_connect(tmp_path, ids_df, model, probabilities):
    path = str(tmp_path / "model")
    model.write().overwrite().save(path)
    loaded = BidirectionalRNNClassificationModel.load(path)
    assert loaded.getUnits() == 8
    assert probabilities(loaded.transform(ids_df)) == probabilities(model.transform(ids_df))


def test_pipeline_over_connect(tmp_path, spark, review_rows, small_pipeline, probabilities):
    df = spark.createDataFrame(review_rows, ["text", "label"])
    fitted = small_pipeline().fit(df)
    path = str(tmp_path / "pipeline")
    fitted.save(path)
    loaded = PipelineModel.load(path)
    assert [type(s) for s in loaded.stages][1:] == [
        TokenIndexerModel,
        BidirectionalRNNClassificationModel,
    ]
    assert probabilities(loaded.transform(df)) == probabilities(fitted.transform(df))


def test_jvm_written_pipelines_score_as_recorded_over_connect(spark, check_golden_pipelines):
    check_golden_pipelines(spark)


def test_a_wrong_column_type_raises_with_the_jvm_message(reviews_df):
    with pytest.raises(IllegalArgumentException) as error:
        BidirectionalRNNClassifier(featuresCol="text").fit(reviews_df)
    message = str(error.value)
    assert "Column 'text'" in message and "array<int>" in message and "but was string" in message


def test_tagger_and_evaluator_over_connect(tmp_path, spark, tagged_rows, small_tagger):
    from birnn_spark import (
        BidirectionalRNNTaggerModel,
        SequenceTaggingEvaluator,
    )

    df = spark.createDataFrame(tagged_rows, ["words", "tags"])
    ids = TokenIndexer(inputCol="words", outputCol="ids").fit(df).transform(df)
    model = small_tagger(crf=True).fit(ids)
    assert isinstance(model, BidirectionalRNNTaggerModel)
    scored = model.transform(ids)
    assert SequenceTaggingEvaluator(labelCol="tags").evaluate(scored) > 0.9
    path = str(tmp_path / "tagger")
    model.write().overwrite().save(path)
    loaded = BidirectionalRNNTaggerModel.load(path)
    assert loaded.getCrf() is True
    assert (
        loaded.transform(ids).select("prediction").collect()
        == scored.select("prediction").collect()
    )
