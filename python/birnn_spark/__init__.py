"""birnn-spark for PySpark: Keras-style bidirectional recurrent networks as Spark ML stages.

Every class wraps the JVM stage of the same name (``org.birnn.pipelines``), classic PySpark or
Spark Connect; :func:`session` builds a ``SparkSession`` with the library's jar.

>>> import birnn_spark
>>> spark = birnn_spark.session("local[2]")
>>> clf = birnn_spark.BidirectionalRNNClassifier(featuresCol="ids", maxIter=3)
"""

from birnn_spark.classification import (
    BidirectionalRNNClassificationModel,
    BidirectionalRNNClassifier,
)
from birnn_spark.session import jar_path, session
from birnn_spark.summary import TrainingSummary
from birnn_spark.tagging import (
    BidirectionalRNNTagger,
    BidirectionalRNNTaggerModel,
    SequenceTaggingEvaluator,
)
from birnn_spark.text import TokenIndexer, TokenIndexerModel

__version__ = "0.2.0.dev0"

__all__ = [
    "BidirectionalRNNClassifier",
    "BidirectionalRNNClassificationModel",
    "BidirectionalRNNTagger",
    "BidirectionalRNNTaggerModel",
    "SequenceTaggingEvaluator",
    "TokenIndexer",
    "TokenIndexerModel",
    "TrainingSummary",
    "jar_path",
    "session",
]
