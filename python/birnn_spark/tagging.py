"""Sequence tagging: :class:`BidirectionalRNNTagger`, its fitted model and
:class:`SequenceTaggingEvaluator`.

Mirrors ``org.birnn.pipelines.tagging`` one to one: the same params with the same names, defaults
and checks (the JVM checks them), fit and scored on the JVM, classic or over Spark Connect.
"""

from typing import Any, Dict, List, Optional

from pyspark import keyword_only
from pyspark.ml.evaluation import JavaEvaluator
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
    HasSeed,
    HasStepSize,
)
from pyspark.ml.util import HasTrainingSummary, JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel
from pyspark.sql import DataFrame

from birnn_spark._jvm import classic_jvm_class, java_class, java_string_hash
from birnn_spark._sequence import _param, _SequenceModelParams, shared_defaults
from birnn_spark.summary import TrainingSummary

__all__ = ["BidirectionalRNNTagger", "BidirectionalRNNTaggerModel", "SequenceTaggingEvaluator"]

_PACKAGE = "org.birnn.pipelines.tagging"


class _BidirectionalRNNTaggerParams(
    HasProbabilityCol,
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
    """Params shared by :class:`BidirectionalRNNTagger` and its model.

    Features are one sequence per row as for the classifier: token ids (``array<int>``) or steps
    of floats (``array<array<float>>`` / ``array<vector>``). Labels are one tag per token,
    ``array<string>`` (tag names) or ``array<int>`` (tag indices), as long as the sequence.
    """

    crf = _param(
        "crf",
        "end in a linear-chain CRF (tag transitions learned, Viterbi decoding) instead of a"
        " per-token softmax",
        TypeConverters.toBoolean,
    )

    #: The JVM defaults, set on the Python side too so that ``getOrDefault`` agrees offline.
    _DEFAULTS: Dict[str, Any] = dict(
        shared_defaults(java_string_hash(_PACKAGE + ".BidirectionalRNNTagger")),
        probabilityCol="",
        crf=False,
    )

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._setDefault(**self._DEFAULTS)

    def getCrf(self) -> bool:
        """Whether the network ends in a linear-chain CRF."""
        return self.getOrDefault(self.crf)


@java_class(_PACKAGE)
class BidirectionalRNNTagger(
    JavaEstimator["BidirectionalRNNTaggerModel"],
    _BidirectionalRNNTaggerParams,
    JavaMLWritable,
    JavaMLReadable["BidirectionalRNNTagger"],
):
    """A sequence tagger (part of speech, named entities, chunks): one tag per token.

    The network is ``Embedding`` (token ids) or ``Masking`` (float steps), ``numLayers`` stacked
    ``Bidirectional`` recurrent layers returning sequences, then a per-token ``Dense`` softmax
    trained with the masked sparse categorical cross-entropy (padding carries no loss), or, with
    ``crf=True``, a per-token linear ``Dense`` and a linear-chain CRF trained by its
    log-likelihood and decoded by Viterbi. Trained on the executors by parameter averaging.

    Input: ``featuresCol`` holds a sequence of length T per row; ``labelCol`` T tags,
    ``array<string>`` or ``array<int>``. Output of the fitted model: ``predictionCol``, T tags of
    the labels' type; ``probabilityCol`` (when set), T vectors of tag probabilities (a CRF's
    per-token marginals).

    Examples
    --------
    >>> from birnn_spark import BidirectionalRNNTagger, TokenIndexer
    >>> from pyspark.ml import Pipeline
    >>> df = spark.createDataFrame(
    ...     [(["the", "cat", "sat"], ["DET", "NOUN", "VERB"]),
    ...      (["a", "dog", "ran"], ["DET", "NOUN", "VERB"])] * 20, ["words", "tags"])
    >>> pipeline = Pipeline(stages=[
    ...     TokenIndexer(inputCol="words", outputCol="ids"),
    ...     BidirectionalRNNTagger(featuresCol="ids", labelCol="tags", maxIter=5, units=8, seed=1)])
    >>> model = pipeline.fit(df)
    >>> model.transform(df).select("prediction").first()[0]
    ['DET', 'NOUN', 'VERB']
    """

    @keyword_only
    def __init__(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        probabilityCol: str = "",
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
        crf: bool = False,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(_PACKAGE + ".BidirectionalRNNTagger", self.uid)
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        probabilityCol: str = "",
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
        crf: bool = False,
    ) -> "BidirectionalRNNTagger":
        """Sets the params given by keyword; the others keep their values."""
        kwargs = self._input_kwargs
        if kwargs.get("seed", 0) is None:
            del kwargs["seed"]
        return self._set(**kwargs)

    def _create_model(self, java_model: Any) -> "BidirectionalRNNTaggerModel":
        return BidirectionalRNNTaggerModel(java_model)

    def setFeaturesCol(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(featuresCol=value)

    def setLabelCol(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(labelCol=value)

    def setPredictionCol(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(predictionCol=value)

    def setProbabilityCol(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(probabilityCol=value)

    def setEncodingCol(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(encodingCol=value)

    def setInitialModel(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(initialModel=value)

    def setHandleInvalid(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(handleInvalid=value)

    def setBatchSize(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(batchSize=value)

    def setMaxSequenceLength(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(maxSequenceLength=value)

    def setCellType(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(cellType=value)

    def setUnits(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(units=value)

    def setNumLayers(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(numLayers=value)

    def setMergeMode(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(mergeMode=value)

    def setEmbeddingDim(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(embeddingDim=value)

    def setDropout(self, value: float) -> "BidirectionalRNNTagger":
        return self._set(dropout=value)

    def setVocabSize(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(vocabSize=value)

    def setModelConfig(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(modelConfig=value)

    def setMaxIter(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(maxIter=value)

    def setStepSize(self, value: float) -> "BidirectionalRNNTagger":
        return self._set(stepSize=value)

    def setOptimizer(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(optimizer=value)

    def setAveragingFrequency(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(averagingFrequency=value)

    def setAverageOptimizerState(self, value: bool) -> "BidirectionalRNNTagger":
        return self._set(averageOptimizerState=value)

    def setNumWorkers(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(numWorkers=value)

    def setAggregationDepth(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(aggregationDepth=value)

    def setSeed(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(seed=value)

    def setValidationFraction(self, value: float) -> "BidirectionalRNNTagger":
        return self._set(validationFraction=value)

    def setPatience(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(patience=value)

    def setCheckpointDir(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(checkpointDir=value)

    def setCheckpointInterval(self, value: int) -> "BidirectionalRNNTagger":
        return self._set(checkpointInterval=value)

    def setCheckpointMismatch(self, value: str) -> "BidirectionalRNNTagger":
        return self._set(checkpointMismatch=value)

    def setCrf(self, value: bool) -> "BidirectionalRNNTagger":
        return self._set(crf=value)


@java_class(_PACKAGE)
class BidirectionalRNNTaggerModel(
    JavaModel,
    _BidirectionalRNNTaggerParams,
    JavaMLWritable,
    JavaMLReadable["BidirectionalRNNTaggerModel"],
    HasTrainingSummary[TrainingSummary],
):
    """A fitted :class:`BidirectionalRNNTagger`: tags each row's sequence with the trained network
    (``predictionCol``: one tag per token; ``probabilityCol`` when set). ``summary`` is what the
    fit measured.
    """

    def setFeaturesCol(self, value: str) -> "BidirectionalRNNTaggerModel":
        return self._set(featuresCol=value)

    def setPredictionCol(self, value: str) -> "BidirectionalRNNTaggerModel":
        return self._set(predictionCol=value)

    def setProbabilityCol(self, value: str) -> "BidirectionalRNNTaggerModel":
        return self._set(probabilityCol=value)

    def setEncodingCol(self, value: str) -> "BidirectionalRNNTaggerModel":
        return self._set(encodingCol=value)

    def setHandleInvalid(self, value: str) -> "BidirectionalRNNTaggerModel":
        return self._set(handleInvalid=value)

    def setBatchSize(self, value: int) -> "BidirectionalRNNTaggerModel":
        return self._set(batchSize=value)

    def setMaxSequenceLength(self, value: int) -> "BidirectionalRNNTaggerModel":
        return self._set(maxSequenceLength=value)

    def evaluate(self, dataset: DataFrame) -> Dict[str, float]:
        """Tags ``dataset`` and measures the tags against its ``labelCol``: token ``accuracy``,
        weighted ``f1`` and ``macroF1``. A label that is not one of the model's tags raises,
        naming the column, step and tag (classic PySpark)."""
        return {k: float(v) for k, v in dict(self._call_java("evaluate", dataset)).items()}

    @property
    def tags(self) -> Optional[List[str]]:
        """The tag names, most frequent in training first, or None for a model fitted on tag
        indices (classic PySpark)."""
        names = self._call_java("tags")
        return None if names is None else list(names)

    @property
    def numTags(self) -> int:
        """Number of tags (classic PySpark)."""
        return self._call_java("numTags")

    def saveKeras(self, path: str) -> None:
        """Writes the trained network as a Keras 3 ``.keras`` archive at ``path`` (any Hadoop
        URI), whose per-step output ``[batch, time, tags]`` is this model's tag probabilities. A
        CRF head is refused: Keras has no CRF layer (classic PySpark)."""
        self._call_java("saveKeras", path)

    @classmethod
    def fromKeras(cls, path: str, tags: List[str]) -> "BidirectionalRNNTaggerModel":
        """A fitted tagger around a Keras ``.keras`` archive, legacy ``.h5`` model or model file of
        this library at ``path`` (any Hadoop URI) with a per-step softmax (or CRF) output; tag
        ``i`` is named ``tags[i]`` (classic PySpark)."""
        java_cls, gateway = classic_jvm_class(
            _PACKAGE + ".BidirectionalRNNTaggerModel", "fromKeras"
        )
        names = gateway.new_array(gateway.jvm.java.lang.String, len(tags))
        for i, t in enumerate(tags):
            names[i] = t
        java_model = java_cls.fromKeras(path, names)
        return cls._from_java(java_model)

    @property
    def _summaryCls(self) -> type:
        return TrainingSummary

    def _summary_dataset(self, train_dataset: DataFrame) -> DataFrame:
        # The summary is computed during fit and does not read a dataset back.
        return train_dataset


@java_class(_PACKAGE)
class SequenceTaggingEvaluator(
    JavaEvaluator,
    HasLabelCol,
    HasPredictionCol,
    JavaMLReadable["SequenceTaggingEvaluator"],
    JavaMLWritable,
):
    """Evaluates one tag per token against one label per token (``array<string>`` or
    ``array<int>`` columns). ``metricName``: ``accuracy`` (default, over tokens), ``f1`` (token F1
    per tag weighted by its true tokens, as MLlib's "f1"), ``macroF1``, and for BIO / IOB / IOBES
    tags ``spanF1``, ``spanPrecision``, ``spanRecall`` (entities matched exactly, as the CoNLL
    script counts them). All are larger-is-better.

    Examples
    --------
    >>> from birnn_spark import SequenceTaggingEvaluator
    >>> df = spark.createDataFrame(
    ...     [(["B-PER", "I-PER", "O"], ["B-PER", "I-PER", "O"]), (["B-LOC"], ["O"])],
    ...     ["label", "prediction"])
    >>> SequenceTaggingEvaluator(metricName="accuracy").evaluate(df)
    0.75
    >>> SequenceTaggingEvaluator(metricName="spanRecall").evaluate(df)
    0.5
    """

    metricName = _param(
        "metricName",
        "metric: accuracy, f1, macroF1, spanF1, spanPrecision, spanRecall",
        TypeConverters.toString,
    )

    @keyword_only
    def __init__(
        self,
        *,
        labelCol: str = "label",
        predictionCol: str = "prediction",
        metricName: str = "accuracy",
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(_PACKAGE + ".SequenceTaggingEvaluator", self.uid)
        self._setDefault(labelCol="label", predictionCol="prediction", metricName="accuracy")
        kwargs = self._input_kwargs
        self._set(**kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        labelCol: str = "label",
        predictionCol: str = "prediction",
        metricName: str = "accuracy",
    ) -> "SequenceTaggingEvaluator":
        """Sets the params given by keyword; the others keep their values."""
        kwargs = self._input_kwargs
        return self._set(**kwargs)

    def getMetricName(self) -> str:
        """The metric ``evaluate`` returns."""
        return self.getOrDefault(self.metricName)

    def setMetricName(self, value: str) -> "SequenceTaggingEvaluator":
        return self._set(metricName=value)

    def setLabelCol(self, value: str) -> "SequenceTaggingEvaluator":
        return self._set(labelCol=value)

    def setPredictionCol(self, value: str) -> "SequenceTaggingEvaluator":
        return self._set(predictionCol=value)

    def isLargerBetter(self) -> bool:
        return True
