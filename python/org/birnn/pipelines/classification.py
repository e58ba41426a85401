"""``org.birnn.pipelines.classification`` as PySpark looks it up when it loads a saved pipeline or
a model over Spark Connect (the JVM class name read as a Python module); the classes live in
:mod:`birnn_spark.classification`."""

from birnn_spark.classification import (
    BidirectionalRNNClassificationModel,
    BidirectionalRNNClassifier,
)

__all__ = ["BidirectionalRNNClassifier", "BidirectionalRNNClassificationModel"]
