"""``org.birnn.pipelines.tagging`` as PySpark looks it up when it loads a saved pipeline or a
model over Spark Connect (the JVM class name read as a Python module); the classes live in
:mod:`birnn_spark.tagging`."""

from birnn_spark.tagging import (
    BidirectionalRNNTagger,
    BidirectionalRNNTaggerModel,
    SequenceTaggingEvaluator,
)

__all__ = ["BidirectionalRNNTagger", "BidirectionalRNNTaggerModel", "SequenceTaggingEvaluator"]
