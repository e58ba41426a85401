"""What the sequence stages share on the Python side, as ``org.birnn.pipelines.param`` does on the
JVM: the params of every bidirectional sequence stage, with their getters and defaults."""

from typing import Any, Dict

from pyspark.ml.param import Param, Params, TypeConverters


def _param(name: str, doc: str, converter: Any) -> Param:
    return Param(Params._dummy(), name, doc, typeConverter=converter)


def shared_defaults(seed: int) -> Dict[str, Any]:
    """The JVM defaults of the shared params; ``seed`` is the stage's own."""
    return dict(
        featuresCol="features",
        labelCol="label",
        predictionCol="prediction",
        probabilityCol="probability",
        handleInvalid="error",
        batchSize=32,
        maxSequenceLength=0,
        cellType="lstm",
        units=32,
        numLayers=1,
        mergeMode="concat",
        embeddingDim=32,
        dropout=0.0,
        vocabSize=0,
        modelConfig="",
        maxIter=10,
        stepSize=0.01,
        optimizer="adam",
        averagingFrequency=5,
        averageOptimizerState=True,
        numWorkers=0,
        aggregationDepth=2,
        seed=seed,
        validationFraction=0.0,
        patience=3,
        checkpointDir="",
        checkpointInterval=10,
        checkpointMismatch="error",
        encodingCol="",
        initialModel="",
    )


class _SequenceModelParams(Params):
    """Architecture, optimizer, distributed-training, validation and checkpoint params shared by
    the classifier and the tagger (estimators and models); the column params come from PySpark's
    ``Has...`` mixins in each stage."""

    batchSize = _param(
        "batchSize",
        "sequences per minibatch and worker, and per scoring batch (> 0)",
        TypeConverters.toInt,
    )
    maxSequenceLength = _param(
        "maxSequenceLength",
        "keep at most this many steps of a sequence; 0 never truncates (>= 0)",
        TypeConverters.toInt,
    )
    cellType = _param(
        "cellType", "recurrent cell: lstm, gru or simple_rnn", TypeConverters.toString
    )
    units = _param("units", "units per direction (> 0)", TypeConverters.toInt)
    numLayers = _param("numLayers", "stacked Bidirectional layers (> 0)", TypeConverters.toInt)
    mergeMode = _param(
        "mergeMode", "merge of the directions: sum, mul, concat, ave", TypeConverters.toString
    )
    embeddingDim = _param(
        "embeddingDim", "embedding size for token ids (> 0)", TypeConverters.toInt
    )
    dropout = _param(
        "dropout", "dropout before the output layer, in [0, 1)", TypeConverters.toFloat
    )
    vocabSize = _param(
        "vocabSize",
        "number of token ids (max id + 1); 0 takes it from the data (>= 0)",
        TypeConverters.toInt,
    )
    modelConfig = _param(
        "modelConfig",
        "Keras 3 JSON of a Sequential network to train instead of the architecture params "
        "('' = none)",
        TypeConverters.toString,
    )
    optimizer = _param(
        "optimizer", "optimizer: sgd, rmsprop, adam or adagrad", TypeConverters.toString
    )
    averagingFrequency = _param(
        "averagingFrequency",
        "local minibatches per worker between two parameter averages (> 0)",
        TypeConverters.toInt,
    )
    averageOptimizerState = _param(
        "averageOptimizerState",
        "average the optimizer state with the parameters (else it restarts every round)",
        TypeConverters.toBoolean,
    )
    numWorkers = _param(
        "numWorkers",
        "training partitions; 0 = Spark's default parallelism (>= 0)",
        TypeConverters.toInt,
    )
    validationFraction = _param(
        "validationFraction",
        "fraction held out for validation and early stopping, in [0, 1)",
        TypeConverters.toFloat,
    )
    patience = _param(
        "patience",
        "epochs without validation-loss improvement before stopping (>= 1)",
        TypeConverters.toInt,
    )
    checkpointDir = _param(
        "checkpointDir",
        "Hadoop URI of a directory for training checkpoints; a new fit resumes from it ('' = none)",
        TypeConverters.toString,
    )

    checkpointMismatch = _param(
        "checkpointMismatch",
        "a checkpoint in checkpointDir of another fit (network, settings or data differ): "
        "'error' fails naming what differs, 'restart' removes it and starts afresh",
        TypeConverters.toString,
    )
    initialModel = _param(
        "initialModel",
        "Hadoop URI of a network to start from, a Keras 3 .keras archive or a model file of this"
        " library: its architecture and weights replace the architecture params and modelConfig,"
        " and training fine-tunes it ('' = none)",
        TypeConverters.toString,
    )
    encodingCol = _param(
        "encodingCol",
        "column for the network's learned representation (the vectors its output layer reads);"
        " '' = not written",
        TypeConverters.toString,
    )

    def getBatchSize(self) -> int:
        """Sequences per minibatch and worker, and per scoring batch."""
        return self.getOrDefault(self.batchSize)

    def getMaxSequenceLength(self) -> int:
        """Steps kept per sequence (0 = all)."""
        return self.getOrDefault(self.maxSequenceLength)

    def getCellType(self) -> str:
        """The recurrent cell: ``lstm``, ``gru`` or ``simple_rnn``."""
        return self.getOrDefault(self.cellType)

    def getUnits(self) -> int:
        """Units per direction."""
        return self.getOrDefault(self.units)

    def getNumLayers(self) -> int:
        """Stacked ``Bidirectional`` layers."""
        return self.getOrDefault(self.numLayers)

    def getMergeMode(self) -> str:
        """How the two directions merge: ``sum``, ``mul``, ``concat`` or ``ave``."""
        return self.getOrDefault(self.mergeMode)

    def getEmbeddingDim(self) -> int:
        """Embedding size for token ids."""
        return self.getOrDefault(self.embeddingDim)

    def getDropout(self) -> float:
        """Dropout rate before the output layer."""
        return self.getOrDefault(self.dropout)

    def getVocabSize(self) -> int:
        """Number of token ids (0 = from the data)."""
        return self.getOrDefault(self.vocabSize)

    def getModelConfig(self) -> str:
        """Keras 3 JSON of the network to train ('' = built from the architecture params)."""
        return self.getOrDefault(self.modelConfig)

    def getOptimizer(self) -> str:
        """The optimizer: ``sgd``, ``rmsprop``, ``adam`` or ``adagrad``."""
        return self.getOrDefault(self.optimizer)

    def getAveragingFrequency(self) -> int:
        """Local minibatches per worker between two parameter averages."""
        return self.getOrDefault(self.averagingFrequency)

    def getAverageOptimizerState(self) -> bool:
        """Whether the optimizer state is averaged with the parameters."""
        return self.getOrDefault(self.averageOptimizerState)

    def getNumWorkers(self) -> int:
        """Training partitions (0 = Spark's default parallelism)."""
        return self.getOrDefault(self.numWorkers)

    def getValidationFraction(self) -> float:
        """Fraction of rows held out for validation and early stopping."""
        return self.getOrDefault(self.validationFraction)

    def getPatience(self) -> int:
        """Epochs without validation-loss improvement before stopping."""
        return self.getOrDefault(self.patience)

    def getCheckpointDir(self) -> str:
        """Directory of training checkpoints ('' = none)."""
        return self.getOrDefault(self.checkpointDir)

    def getCheckpointMismatch(self) -> str:
        """What a checkpoint of another fit does: ``error`` or ``restart``."""
        return self.getOrDefault(self.checkpointMismatch)

    def getEncodingCol(self) -> str:
        """Column of the learned representations ('' = not written)."""
        return self.getOrDefault(self.encodingCol)

    def getInitialModel(self) -> str:
        """Hadoop URI of the network a fit starts from ('' = none)."""
        return self.getOrDefault(self.initialModel)
