"""``org.birnn.pipelines.text`` as PySpark looks it up (see
:mod:`org.birnn.pipelines.classification`); the classes live in :mod:`birnn_spark.text`."""

from birnn_spark.text import TokenIndexer, TokenIndexerModel

__all__ = ["TokenIndexer", "TokenIndexerModel"]
