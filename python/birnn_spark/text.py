"""Text features: :class:`TokenIndexer`, which turns token arrays into the ids the classifier's
``Embedding`` reads. Mirrors ``org.birnn.pipelines.text``."""

from typing import Any, List

from pyspark import keyword_only
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import HasHandleInvalid, HasInputCol, HasOutputCol
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel

from birnn_spark._jvm import java_class

__all__ = ["TokenIndexer", "TokenIndexerModel"]

_PACKAGE = "org.birnn.pipelines.text"


class _TokenIndexerParams(HasInputCol, HasOutputCol, HasHandleInvalid):
    """Params of the indexer and its model: ``inputCol`` (``array<string>``), ``outputCol``
    (``array<int>`` of the same length), ``handleInvalid`` for null rows."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._setDefault(inputCol="tokens", outputCol="ids", handleInvalid="error")


@java_class(_PACKAGE)
class TokenIndexer(
    JavaEstimator["TokenIndexerModel"],
    _TokenIndexerParams,
    JavaMLWritable,
    JavaMLReadable["TokenIndexer"],
):
    """Learns a vocabulary from ``array<string>`` token columns, most frequent first: id 0 is
    padding, id 1 out-of-vocabulary, ids 2.. the kept tokens (at most ``vocabSize`` ids in all,
    tokens seen at least ``minCount`` times).

    Examples
    --------
    >>> df = spark.createDataFrame([(["a", "b", "a"],), (["c"],)], ["tokens"])
    >>> model = TokenIndexer(inputCol="tokens", outputCol="ids").fit(df)
    >>> model.vocabulary
    ['a', 'b', 'c']
    >>> [r.ids for r in model.transform(df).collect()]
    [[2, 3, 2], [4]]
    """

    vocabSize = Param(
        Params._dummy(),
        "vocabSize",
        "ids in the vocabulary including padding (0) and out-of-vocabulary (1), (>= 3)",
        typeConverter=TypeConverters.toInt,
    )
    minCount = Param(
        Params._dummy(),
        "minCount",
        "minimum number of occurrences of a kept token (>= 1)",
        typeConverter=TypeConverters.toInt,
    )

    @keyword_only
    def __init__(
        self,
        *,
        inputCol: str = "tokens",
        outputCol: str = "ids",
        handleInvalid: str = "error",
        vocabSize: int = 20000,
        minCount: int = 1,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(_PACKAGE + ".TokenIndexer", self.uid)
        self._setDefault(vocabSize=20000, minCount=1)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        inputCol: str = "tokens",
        outputCol: str = "ids",
        handleInvalid: str = "error",
        vocabSize: int = 20000,
        minCount: int = 1,
    ) -> "TokenIndexer":
        """Sets the params given by keyword; the others keep their values."""
        return self._set(**self._input_kwargs)

    def _create_model(self, java_model: Any) -> "TokenIndexerModel":
        return TokenIndexerModel(java_model)

    def getVocabSize(self) -> int:
        """Ids in the vocabulary, padding and out-of-vocabulary included."""
        return self.getOrDefault(self.vocabSize)

    def getMinCount(self) -> int:
        """Minimum occurrences of a kept token."""
        return self.getOrDefault(self.minCount)

    def setInputCol(self, value: str) -> "TokenIndexer":
        return self._set(inputCol=value)

    def setOutputCol(self, value: str) -> "TokenIndexer":
        return self._set(outputCol=value)

    def setHandleInvalid(self, value: str) -> "TokenIndexer":
        return self._set(handleInvalid=value)

    def setVocabSize(self, value: int) -> "TokenIndexer":
        return self._set(vocabSize=value)

    def setMinCount(self, value: int) -> "TokenIndexer":
        return self._set(minCount=value)


@java_class(_PACKAGE)
class TokenIndexerModel(
    JavaModel, _TokenIndexerParams, JavaMLWritable, JavaMLReadable["TokenIndexerModel"]
):
    """A fitted :class:`TokenIndexer`: maps each token to its id (unknown tokens to 1)."""

    @property
    def vocabulary(self) -> List[str]:
        """The kept tokens, most frequent first: the token of id ``i + 2`` at index ``i``.

        Classic PySpark only: Spark Connect lets clients call only an allowlist of methods on
        server-side models; there, read it from the saved model instead.
        """
        return list(self._call_java("vocabulary"))

    @property
    def numIds(self) -> int:
        """Number of ids, padding and out-of-vocabulary included (the ``Embedding`` input size).

        Classic PySpark only, as :attr:`vocabulary`.
        """
        return self._call_java("numIds")

    def setInputCol(self, value: str) -> "TokenIndexerModel":
        return self._set(inputCol=value)

    def setOutputCol(self, value: str) -> "TokenIndexerModel":
        return self._set(outputCol=value)

    def setHandleInvalid(self, value: str) -> "TokenIndexerModel":
        return self._set(handleInvalid=value)
