"""Files cross the language boundary both ways: what the JVM wrote (the golden artefacts of every
release and Spark line) loads in Python and scores as the JVM recorded; what Python saves loads
in the JVM through the JVM's own reader and scores identically."""

import json

from pyspark.sql import DataFrame

from birnn_spark import BidirectionalRNNClassifier


def test_jvm_written_pipelines_score_as_recorded(spark, check_golden_pipelines):
    check_golden_pipelines(spark)


def test_jvm_written_estimator_loads_with_its_params(golden_dirs):
    checked = 0
    for golden in golden_dirs:
        if not (golden / "estimator").is_dir():
            continue
        part = next((golden / "estimator" / "metadata").glob("part-*"))
        metadata = json.loads(part.read_text().splitlines()[0])
        clf = BidirectionalRNNClassifier.load(str(golden / "estimator"))
        assert clf.uid == metadata["uid"]
        for name, value in metadata["paramMap"].items():
            assert clf.getOrDefault(name) == value, (golden.name, name)
        checked += 1
    assert checked >= 2


def test_python_saved_model_loads_in_the_jvm(tmp_path, spark, reviews_df, probabilities):
    from birnn_spark import TokenIndexer

    indexer = TokenIndexer(inputCol="tokens", outputCol="ids").fit(reviews_df)
    ids = indexer.transform(reviews_df)
    model = BidirectionalRNNClassifier(featuresCol="ids", maxIter=2, units=4, seed=9).fit(ids)
    path = str(tmp_path / "python-saved")
    model.save(path)

    jvm_class = spark._jvm.org.birnn.pipelines.classification.BidirectionalRNNClassificationModel
    java_model = jvm_class.load(path)
    assert java_model.uid() == model.uid
    java_out = DataFrame(java_model.transform(ids._jdf), spark)
    python_out = model.transform(ids)

    assert probabilities(java_out) == probabilities(python_out)
