"""Getting the library's JVM jar to Spark: where it is, and a session that has it."""

import os
import warnings
from pathlib import Path
from typing import Any, Optional

__all__ = ["jar_path", "session"]

_PROBE_CLASS = "org.birnn.pipelines.classification.BidirectionalRNNClassifier"


def jar_path() -> str:
    """Absolute path of the assembly jar this package carries (our code and ND4J with its
    natives; Spark, Scala and Jackson come from Spark). Give it to ``spark.jars``,
    ``spark-submit --jars`` or a Spark Connect server's ``--jars``.

    ``BIRNN_SPARK_JAR`` in the environment points at another jar instead.

    >>> import zipfile
    >>> jar = zipfile.ZipFile(jar_path())
    >>> "org/birnn/pipelines/classification/BidirectionalRNNClassifier.class" in jar.namelist()
    True
    """
    override = os.environ.get("BIRNN_SPARK_JAR")
    if override:
        if not Path(override).is_file():
            raise FileNotFoundError(f"BIRNN_SPARK_JAR={override!r} is not a file")
        return str(Path(override).resolve())
    jars = sorted((Path(__file__).parent / "jars").glob("*.jar"))
    if not jars:
        raise FileNotFoundError(
            "birnn_spark was installed without its jar (expected one under "
            f"{Path(__file__).parent / 'jars'}); reinstall with `pip install ./python` from a "
            "checkout with JDK 17 and Maven, or set BIRNN_SPARK_JAR"
        )
    return str(jars[-1])


def session(
    master: Optional[str] = "local[*]",
    *,
    remote: Optional[str] = None,
    app_name: str = "birnn-spark",
    **conf: Any,
) -> Any:
    """A ``SparkSession`` that has this library's jar.

    Classic (``master``, the default ``local[*]``, or a cluster URL): the jar joins
    ``spark.jars``, so the driver and the executors load it. ``remote="local[2]"`` starts a local
    Spark Connect server with the jar; ``remote="sc://host:port"`` connects to a server that was
    started with it (``start-connect-server.sh --jars $(python -c 'import birnn_spark;
    print(birnn_spark.jar_path())')``). Other Spark settings go in ``conf``, for example
    ``session("local[2]", **{"spark.driver.memory": "4g"})``.

    A classic session that already runs without the jar cannot load it; that is an error naming
    the fix rather than a ``ClassNotFoundException`` at the first ``fit``.
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if remote is None or not remote.startswith("sc://"):
        # A remote sc:// server owns its classpath; locally started JVMs get the jar.
        extra = [j for j in str(conf.pop("spark.jars", "")).split(",") if j]
        builder = builder.config("spark.jars", ",".join([jar_path()] + extra))
    for key, value in conf.items():
        builder = builder.config(key, value)
    if remote is not None:
        with warnings.catch_warnings():
            # The local server takes every setting at start; PySpark then also tries them as
            # session settings and warns for each static one (spark.jars among them).
            warnings.filterwarnings("ignore", message="Failed to set spark", category=UserWarning)
            return builder.remote(remote).getOrCreate()
    spark = builder.master(master).getOrCreate()
    _require_classes(spark)
    return spark


def _require_classes(spark: Any) -> None:
    jvm = spark.sparkContext._jvm
    try:
        jvm.java.lang.Class.forName(
            _PROBE_CLASS, False, jvm.org.apache.spark.util.Utils.getContextOrSparkClassLoader()
        )
    except Exception as e:  # py4j wraps ClassNotFoundException
        raise RuntimeError(
            f"the running SparkSession cannot load {_PROBE_CLASS}: it was started before, "
            f"without {jar_path()} in spark.jars. Stop it (spark.stop()) and call "
            "birnn_spark.session() again, or start Spark with --jars "
            f"{jar_path()}"
        ) from e
