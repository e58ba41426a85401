"""The tagger, its model and the evaluator from classic PySpark: fit and tag on the JVM, names
and types as the JVM gives them, persistence in a Pipeline, and JVM errors with their messages."""

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel

from birnn_spark import (
    BidirectionalRNNTaggerModel,
    SequenceTaggingEvaluator,
    TokenIndexer,
)


@pytest.fixture(scope="module")
def tagged_df(spark, tagged_rows):
    return spark.createDataFrame(tagged_rows, ["words", "tags"]).cache()


@pytest.mark.parametrize("crf", [False, True])
def test_fits_tags_and_evaluates(tagged_df, small_tagger, crf):
    pipeline = Pipeline(
        stages=[TokenIndexer(inputCol="words", outputCol="ids"), small_tagger(crf=crf)]
    ).fit(tagged_df)
    model = pipeline.stages[-1]
    assert isinstance(model, BidirectionalRNNTaggerModel)
    assert sorted(model.tags) == ["DOWN", "END", "UP"]
    assert model.numTags == 3 and model.getCrf() is crf
    scored = pipeline.transform(tagged_df)
    assert dict(scored.dtypes)["prediction"] == "array<string>"
    first = scored.select("words", "prediction").first()
    assert len(first.prediction) == len(first.words)
    accuracy = SequenceTaggingEvaluator(labelCol="tags").evaluate(scored)
    assert accuracy > 0.9
    metrics = model.evaluate(pipeline.stages[0].transform(tagged_df))
    assert list(metrics) == ["accuracy", "f1", "macroF1"]
    assert metrics["accuracy"] == pytest.approx(accuracy)
    assert model.summary.trainLoss[-1] < model.summary.trainLoss[0]


def test_pipeline_round_trip(tmp_path, tagged_df, small_tagger):
    fitted = Pipeline(
        stages=[
            TokenIndexer(inputCol="words", outputCol="ids"),
            small_tagger(maxIter=2, probabilityCol="probability"),
        ]
    ).fit(tagged_df)
    path = str(tmp_path / "pipeline")
    fitted.write().overwrite().save(path)
    loaded = PipelineModel.load(path)
    assert isinstance(loaded.stages[-1], BidirectionalRNNTaggerModel)
    assert loaded.stages[-1].getUnits() == 16
    before = fitted.transform(tagged_df).select("prediction", "probability").collect()
    after = loaded.transform(tagged_df).select("prediction", "probability").collect()
    assert before == after
    assert abs(sum(before[0].probability[0]) - 1.0) < 1e-5


def test_evaluator_round_trip_and_params(tmp_path):
    e = SequenceTaggingEvaluator(metricName="spanF1", labelCol="tags")
    path = str(tmp_path / "eval")
    e.write().overwrite().save(path)
    back = SequenceTaggingEvaluator.load(path)
    assert back.getMetricName() == "spanF1" and back.getLabelCol() == "tags"
    assert back.isLargerBetter()


def test_jvm_errors_come_back_with_their_message(spark, small_tagger):
    bad = spark.createDataFrame([(["w1", "w2"], "UP")], ["words", "tags"])
    indexed = TokenIndexer(inputCol="words", outputCol="ids").fit(bad).transform(bad)
    with pytest.raises(IllegalArgumentException, match="must hold one tag per token"):
        small_tagger().fit(indexed)
