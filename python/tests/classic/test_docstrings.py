"""The examples in the package's docstrings run and print what they show."""

import doctest
import importlib

import pytest

MODULES = ["birnn_spark", "birnn_spark.classification", "birnn_spark.text", "birnn_spark.session"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(spark, name):
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(
        module, extraglobs={"spark": spark}, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert failed == 0, f"{failed} of {attempted} examples in {module.__name__} failed"
