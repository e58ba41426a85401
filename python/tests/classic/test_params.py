"""Every JVM stage has a Python class, and every Python class has exactly the JVM params, with the
JVM defaults and setters: a param added on the JVM side fails here until Python has it."""

import importlib
import zipfile

import pytest
from pyspark.ml.wrapper import _java2py

import birnn_spark
from birnn_spark import (
    BidirectionalRNNClassificationModel,
    BidirectionalRNNClassifier,
    BidirectionalRNNTagger,
    BidirectionalRNNTaggerModel,
    SequenceTaggingEvaluator,
    TokenIndexer,
    TokenIndexerModel,
)

WRAPPERS = [
    BidirectionalRNNClassifier,
    BidirectionalRNNClassificationModel,
    BidirectionalRNNTagger,
    BidirectionalRNNTaggerModel,
    SequenceTaggingEvaluator,
    TokenIndexer,
    TokenIndexerModel,
]


def java_name(cls):
    return cls.__module__ + "." + cls.__name__


def new_java(spark, cls):
    target = spark._jvm
    for part in java_name(cls).split("."):
        target = getattr(target, part)
    return target()


def registered_stages():
    """The stages the jar registers for Spark Connect (META-INF/services)."""
    names = []
    with zipfile.ZipFile(birnn_spark.jar_path()) as jar:
        for kind in ("Estimator", "Transformer", "evaluation.Evaluator"):
            text = jar.read(f"META-INF/services/org.apache.spark.ml.{kind}").decode()
            names += [n.strip() for n in text.splitlines() if n.strip().startswith("org.birnn.")]
    return names


def test_every_registered_jvm_stage_has_a_python_class():
    names = registered_stages()
    assert len(names) >= 7, names
    for name in names:
        module, cls = name.rsplit(".", 1)
        py = getattr(importlib.import_module(module), cls)
        assert py in WRAPPERS, f"{name} resolves to {py}, which the tests here do not cover"
        assert getattr(birnn_spark, cls) is py


@pytest.mark.parametrize("cls", WRAPPERS, ids=lambda c: c.__name__)
def test_params_are_the_jvm_params(spark, cls):
    java = new_java(spark, cls)
    jvm_names = sorted(p.name() for p in java.params())
    py_names = sorted(p.name for p in cls().params)
    assert py_names == jvm_names


@pytest.mark.parametrize("cls", WRAPPERS, ids=lambda c: c.__name__)
def test_defaults_are_the_jvm_defaults(spark, cls):
    java = new_java(spark, cls)
    py = cls()
    for jp in java.params():
        name = jp.name()
        has_java_default = java.hasDefault(jp)
        assert py.hasDefault(py.getParam(name)) == has_java_default, name
        if has_java_default:
            expected = _java2py(spark.sparkContext, java.getDefault(jp).get())
            assert py.getOrDefault(name) == expected, name


@pytest.mark.parametrize("cls", WRAPPERS, ids=lambda c: c.__name__)
def test_every_jvm_setter_and_getter_exists_in_python(spark, cls):
    java = new_java(spark, cls)
    methods = {m.getName() for m in java.getClass().getMethods()}
    accessors = {m for m in methods if m[:3] in ("set", "get") and m[3:4].isupper()}
    # JVM-only plumbing: Params' own getters and the Scala setters of trait fields.
    accessors -= {"getParam", "getOrDefault", "getDefault", "getClass", "set", "setDefault"}
    accessors -= {"setParent", "setSummary"}  # set by fit itself
    accessors = {a for a in accessors if "$" not in a}
    missing = sorted(a for a in accessors if not hasattr(cls, a))
    assert missing == []


def test_setters_reach_the_jvm_object(spark):
    clf = BidirectionalRNNClassifier(units=7, cellType="gru", seed=5).setMaxIter(4)
    java = clf._to_java()

    def jvm_value(name):
        return java.getOrDefault(java.getParam(name))

    assert jvm_value("units") == 7
    assert jvm_value("cellType") == "gru"
    assert jvm_value("maxIter") == 4
    assert jvm_value("seed") == 5
    assert clf.getUnits() == 7 and clf.getOrDefault("mergeMode") == "concat"


def test_constructor_is_keyword_only():
    with pytest.raises(TypeError):
        BidirectionalRNNClassifier("features")  # type: ignore[misc]
