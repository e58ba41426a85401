"""Naming shared by the wrappers: which JVM class each Python class stands for."""

from typing import Callable, TypeVar

C = TypeVar("C", bound=type)


def java_class(package: str) -> Callable[[C], C]:
    """Gives a wrapper the module name of its JVM package.

    PySpark finds the JVM class of a wrapper, when loading it classic or over Spark Connect, as
    ``cls.__module__ + "." + cls.__name__`` (with ``pyspark`` read as ``org.apache.spark``), and
    finds the Python class of a JVM stage inside a saved ``Pipeline`` the other way round. The
    wrappers therefore report the JVM package as their module; the ``org.birnn.pipelines``
    modules shipped beside this package re-export them under that name.
    """

    def mark(cls: C) -> C:
        cls.__module__ = package
        return cls

    return mark


def java_string_hash(s: str) -> int:
    """Java's ``String.hashCode`` as a signed 32-bit int (the JVM stages' default seeds)."""
    h = 0
    for unit in s.encode("utf-16-be").hex(" ", 2).split():
        h = (31 * h + int(unit, 16)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= (1 << 31) else h


def classic_jvm_class(name: str, what: str):
    """The JVM class ``name`` (fully qualified) and the gateway of the active classic
    SparkContext; over Spark Connect (no JVM in this process) a clear error naming ``what``."""
    from functools import reduce

    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    if sc is None:
        raise RuntimeError(
            f"{what} needs a classic SparkSession (it calls the JVM directly); none is active, and"
            " Spark Connect sessions cannot call it"
        )
    return reduce(getattr, name.split("."), sc._jvm), sc._gateway
