"""Sequence classification: :class:`BidirectionalRNNClassifier` and its fitted model.

Mirrors ``org.birnn.pipelines.classification`` one to one: the same params with the same names,
defaults and checks (the JVM checks them), fit and scored on the JVM, classic or over Spark Connect.
"""

from typing import Any, Dict, Optional

from pyspark import keyword_only

# PySpark's own probabilistic models build on this class (numClasses, predictRaw,
# predictProbability, thresholds); it is private, hence the pin to one PySpark minor line.
from pyspark.ml.classification import _JavaProbabilisticClassificationModel
from pyspark.ml.param import TypeConverters
from pyspark.ml.param.shared import (
    HasAggregationDepth,
    HasCheckpointInterval,
    HasFeaturesCol,
    HasHandleInvalid,
    HasLabelCol,
    HasMaxIter,
    HasPredictionCol,
    HasProbabilityCol,
    HasRawPredictionCol,
    HasSeed,
    HasStepSize,
)
from pyspark.ml.util import HasTrainingSummary, JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator
from pyspark.sql import DataFrame

from birnn_spark._jvm import classic_jvm_class, java_class, java_string_hash
from birnn_spark._sequence import _param, _SequenceModelParams, shared_defaults
from birnn_spark.summary import TrainingSummary

__all__ = ["BidirectionalRNNClassifier", "BidirectionalRNNClassificationModel"]

_PACKAGE = "org.birnn.pipelines.classification"


class _BidirectionalRNNClassifierParams(
    # In the order PySpark's classifier params list them, so that the model's class hierarchy
    # (PySpark's probabilistic model plus these) linearizes.
    HasProbabilityCol,
    HasRawPredictionCol,
    HasLabelCol,
    HasFeaturesCol,
    HasPredictionCol,
    HasHandleInvalid,
    HasMaxIter,
    HasStepSize,
    HasSeed,
    HasAggregationDepth,
    HasCheckpointInterval,
    _SequenceModelParams,
):
    """Params shared by :class:`BidirectionalRNNClassifier` and its model.

    Features are one sequence per row: token ids (``array<int>``, each id < ``vocabSize``), or
    steps of floats (``array<array<float>>`` / ``array<array<double>>`` / ``array<vector>``, every
    step of one width). Labels are class indices 0, 1, ... (numeric).
    """

    maxClasses = _param(
        "maxClasses",
        "most classes a fit accepts (largest label + 1), a guard against stray labels (>= 2)",
        TypeConverters.toInt,
    )

    #: The JVM defaults, set on the Python side too so that ``getOrDefault`` agrees offline.
    _DEFAULTS: Dict[str, Any] = dict(
        shared_defaults(java_string_hash(_PACKAGE + ".BidirectionalRNNClassifier")),
        rawPredictionCol="rawPrediction",
        maxClasses=1000,
    )

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._setDefault(**self._DEFAULTS)

    def getMaxClasses(self) -> int:
        """Most classes a fit accepts."""
        return self.getOrDefault(self.maxClasses)


@java_class(_PACKAGE)
class BidirectionalRNNClassifier(
    JavaEstimator["BidirectionalRNNClassificationModel"],
    _BidirectionalRNNClassifierParams,
    JavaMLWritable,
    JavaMLReadable["BidirectionalRNNClassifier"],
):
    """A sequence classifier: ``Embedding`` (token ids) or ``Masking`` (float steps), then
    ``numLayers`` stacked ``Bidirectional`` recurrent layers, then a ``Dense`` softmax; trained on
    the executors by parameter averaging (Keras semantics: masked padding, sparse categorical
    cross-entropy).

    Input: ``featuresCol`` holds one sequence per row, token ids ``array<int>`` of length T or
    steps ``array<array<float>>`` / ``array<vector>`` of shape (T, features); ``labelCol`` the
    class index. Output of the fitted model: ``rawPredictionCol`` (log-probabilities, a vector of
    numClasses), ``probabilityCol`` (a vector of numClasses), ``predictionCol`` (double).

    Examples
    --------
    >>> from pyspark.ml import Pipeline
    >>> from pyspark.ml.feature import Tokenizer
    >>> from birnn_spark import BidirectionalRNNClassifier, TokenIndexer
    >>> df = spark.createDataFrame(
    ...     [("a great film", 0.0), ("an awful plot", 1.0)] * 20, ["text", "label"])
    >>> pipeline = Pipeline(stages=[
    ...     Tokenizer(inputCol="text", outputCol="tokens"),
    ...     TokenIndexer(inputCol="tokens", outputCol="ids"),
    ...     BidirectionalRNNClassifier(featuresCol="ids", maxIter=10, units=8, seed=1)])
    >>> model = pipeline.fit(df)
    >>> model.transform(df).select("prediction").distinct().count()
    2
    """

    @keyword_only
    def __init__(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction",
        handleInvalid: str = "error",
        batchSize: int = 32,
        maxSequenceLength: int = 0,
        cellType: str = "lstm",
        units: int = 32,
        numLayers: int = 1,
        mergeMode: str = "concat",
        embeddingDim: int = 32,
        dropout: float = 0.0,
        vocabSize: int = 0,
        modelConfig: str = "",
        maxIter: int = 10,
        stepSize: float = 0.01,
        optimizer: str = "adam",
        averagingFrequency: int = 5,
        averageOptimizerState: bool = True,
        numWorkers: int = 0,
        aggregationDepth: int = 2,
        seed: Optional[int] = None,
        validationFraction: float = 0.0,
        patience: int = 3,
        checkpointDir: str = "",
        checkpointInterval: int = 10,
        checkpointMismatch: str = "error",
        encodingCol: str = "",
        initialModel: str = "",
        maxClasses: int = 1000,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(_PACKAGE + ".BidirectionalRNNClassifier", self.uid)
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction",
        handleInvalid: str = "error",
        batchSize: int = 32,
        maxSequenceLength: int = 0,
        cellType: str = "lstm",
        units: int = 32,
        numLayers: int = 1,
        mergeMode: str = "concat",
        embeddingDim: int = 32,
        dropout: float = 0.0,
        vocabSize: int = 0,
        modelConfig: str = "",
        maxIter: int = 10,
        stepSize: float = 0.01,
        optimizer: str = "adam",
        averagingFrequency: int = 5,
        averageOptimizerState: bool = True,
        numWorkers: int = 0,
        aggregationDepth: int = 2,
        seed: Optional[int] = None,
        validationFraction: float = 0.0,
        patience: int = 3,
        checkpointDir: str = "",
        checkpointInterval: int = 10,
        checkpointMismatch: str = "error",
        encodingCol: str = "",
        initialModel: str = "",
        maxClasses: int = 1000,
    ) -> "BidirectionalRNNClassifier":
        """Sets the params given by keyword; the others keep their values."""
        kwargs = self._input_kwargs
        if kwargs.get("seed", 0) is None:
            del kwargs["seed"]
        return self._set(**kwargs)

    def _create_model(self, java_model: Any) -> "BidirectionalRNNClassificationModel":
        return BidirectionalRNNClassificationModel(java_model)

    def setFeaturesCol(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(featuresCol=value)

    def setLabelCol(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(labelCol=value)

    def setPredictionCol(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(predictionCol=value)

    def setProbabilityCol(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(probabilityCol=value)

    def setRawPredictionCol(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(rawPredictionCol=value)

    def setEncodingCol(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(encodingCol=value)

    def setInitialModel(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(initialModel=value)

    def setHandleInvalid(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(handleInvalid=value)

    def setBatchSize(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(batchSize=value)

    def setMaxSequenceLength(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(maxSequenceLength=value)

    def setCellType(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(cellType=value)

    def setUnits(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(units=value)

    def setNumLayers(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(numLayers=value)

    def setMergeMode(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(mergeMode=value)

    def setEmbeddingDim(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(embeddingDim=value)

    def setDropout(self, value: float) -> "BidirectionalRNNClassifier":
        return self._set(dropout=value)

    def setVocabSize(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(vocabSize=value)

    def setModelConfig(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(modelConfig=value)

    def setMaxIter(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(maxIter=value)

    def setStepSize(self, value: float) -> "BidirectionalRNNClassifier":
        return self._set(stepSize=value)

    def setOptimizer(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(optimizer=value)

    def setAveragingFrequency(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(averagingFrequency=value)

    def setAverageOptimizerState(self, value: bool) -> "BidirectionalRNNClassifier":
        return self._set(averageOptimizerState=value)

    def setNumWorkers(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(numWorkers=value)

    def setAggregationDepth(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(aggregationDepth=value)

    def setSeed(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(seed=value)

    def setValidationFraction(self, value: float) -> "BidirectionalRNNClassifier":
        return self._set(validationFraction=value)

    def setPatience(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(patience=value)

    def setCheckpointDir(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(checkpointDir=value)

    def setCheckpointInterval(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(checkpointInterval=value)

    def setMaxClasses(self, value: int) -> "BidirectionalRNNClassifier":
        return self._set(maxClasses=value)

    def setCheckpointMismatch(self, value: str) -> "BidirectionalRNNClassifier":
        return self._set(checkpointMismatch=value)


@java_class(_PACKAGE)
class BidirectionalRNNClassificationModel(
    _JavaProbabilisticClassificationModel[Any],
    _BidirectionalRNNClassifierParams,
    JavaMLWritable,
    JavaMLReadable["BidirectionalRNNClassificationModel"],
    HasTrainingSummary[TrainingSummary],
):
    """A fitted :class:`BidirectionalRNNClassifier`: scores each row's sequence with the trained
    network (inputs as for the estimator; outputs ``rawPredictionCol``, ``probabilityCol``,
    ``predictionCol`` and honours ``thresholds``). ``summary`` is what the fit measured.
    """

    def setEncodingCol(self, value: str) -> "BidirectionalRNNClassificationModel":
        return self._set(encodingCol=value)

    def setHandleInvalid(self, value: str) -> "BidirectionalRNNClassificationModel":
        return self._set(handleInvalid=value)

    def setBatchSize(self, value: int) -> "BidirectionalRNNClassificationModel":
        return self._set(batchSize=value)

    def setMaxSequenceLength(self, value: int) -> "BidirectionalRNNClassificationModel":
        return self._set(maxSequenceLength=value)

    def saveKeras(self, path: str) -> None:
        """Writes the trained network as a Keras 3 ``.keras`` archive at ``path`` (any Hadoop
        URI): ``keras.saving.load_model(path).predict(ids)`` gives this model's probabilities
        for the token ids (or steps) its features hold, padded with 0 (classic PySpark)."""
        self._call_java("saveKeras", path)

    @classmethod
    def fromKeras(cls, path: str) -> "BidirectionalRNNClassificationModel":
        """A fitted model around a Keras ``.keras`` archive, legacy ``.h5`` model or model file of
        this library at ``path`` (any Hadoop URI), whose output ``[batch, classes]`` is read as
        class probabilities; class ``i`` is the network's output ``i`` (classic PySpark)."""
        java_cls, _ = classic_jvm_class(
            _PACKAGE + ".BidirectionalRNNClassificationModel", "fromKeras"
        )
        java_model = java_cls.fromKeras(path)
        return cls._from_java(java_model)

    @property
    def _summaryCls(self) -> type:
        return TrainingSummary

    def _summary_dataset(self, train_dataset: DataFrame) -> DataFrame:
        # The summary is computed during fit and does not read a dataset back.
        return train_dataset
