"""Fixtures shared by the classic and the Spark Connect suites (run as two pytest processes: one
Python process holds either a classic SparkContext or a Connect client, not both)."""

import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: Artefacts written by the JVM (pipelines' GoldenArtefactsWriter), one folder per release/line.
GOLDEN = REPO / "pipelines" / "src" / "test" / "resources" / "golden"

_GOOD = ["great", "lovely", "good", "fine", "superb"]
_BAD = ["awful", "poor", "terrible", "bad", "dull"]
_FILLER = ["the", "a", "film", "movie", "plot", "actor", "it", "was", "very", "and"]


def reviews(n: int, seed: int = 11):
    """``n`` rows of (text, label): label 0 sentences carry a word of ``_GOOD``, label 1 one of
    ``_BAD``, among 3-8 filler words, so a sequence model can separate them."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = i % 2
        words = [rng.choice(_FILLER) for _ in range(rng.randint(3, 8))]
        words.insert(rng.randint(0, len(words)), rng.choice(_BAD if label else _GOOD))
        rows.append((" ".join(words), float(label)))
    return rows


@pytest.fixture(scope="session")
def review_rows():
    return reviews(160)


@pytest.fixture(scope="session")
def golden_dirs():
    dirs = sorted(p for p in GOLDEN.iterdir() if (p / "pipeline-expected.json").is_file())
    assert len(dirs) >= 2, f"expected golden pipelines under {GOLDEN}, found {dirs}"
    return dirs


@pytest.fixture(scope="session")
def probabilities():
    """Reads a vector column (``probability`` unless named) as lists, in row order."""

    def read(df, col="probability"):
        from pyspark.ml.functions import vector_to_array

        return [list(r.p) for r in df.select(vector_to_array(col).alias("p")).collect()]

    return read


@pytest.fixture(scope="session")
def small_pipeline():
    """A factory of the three-stage text pipeline (tokenize, index, classify), small and fast."""

    def make():
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import Tokenizer

        from birnn_spark import BidirectionalRNNClassifier, TokenIndexer

        return Pipeline(
            stages=[
                Tokenizer(inputCol="text", outputCol="tokens"),
                TokenIndexer(inputCol="tokens", outputCol="ids", minCount=2),
                BidirectionalRNNClassifier(featuresCol="ids", maxIter=2, units=4, embeddingDim=4),
            ]
        )

    return make


@pytest.fixture(scope="session")
def check_golden_pipelines(golden_dirs, probabilities):
    """Loads every JVM-written golden pipeline with ``spark`` and checks its predictions and
    probabilities against the values the JVM recorded beside it."""

    def check(spark):
        import json

        from pyspark.ml import PipelineModel

        from birnn_spark import BidirectionalRNNClassificationModel

        for golden in golden_dirs:
            expected = json.loads((golden / "pipeline-expected.json").read_text())
            model = PipelineModel.load(str(golden / "pipeline"))
            assert isinstance(model.stages[-1], BidirectionalRNNClassificationModel), golden.name
            df = spark.createDataFrame([(e["text"],) for e in expected], ["text"])
            scored = model.transform(df)
            rows = scored.select("text", "prediction").collect()
            assert [r.text for r in rows] == [e["text"] for e in expected], golden.name
            assert [r.prediction for r in rows] == [e["prediction"] for e in expected], golden.name
            for got, e in zip(probabilities(scored), expected):
                assert got == pytest.approx(e["probability"], abs=1e-6), golden.name

    return check


def tagged(n: int, seed: int = 5):
    """``n`` rows of (words, tags): words ``w1`` .. ``w9``; a word is tagged UP when the next one
    has a larger number, DOWN when not, END at the end, so a tag needs the word after it."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        nums = [rng.randint(1, 9) for _ in range(rng.randint(2, 8))]
        tags = [
            "END" if i == len(nums) - 1 else ("UP" if nums[i + 1] > nums[i] else "DOWN")
            for i in range(len(nums))
        ]
        rows.append(([f"w{k}" for k in nums], tags))
    return rows


@pytest.fixture(scope="session")
def tagged_rows():
    return tagged(240)


@pytest.fixture(scope="session")
def small_tagger():
    """A factory of a small, fast tagger on ``tagged`` rows (ids in ``ids``, tags in ``tags``)."""
    from birnn_spark import BidirectionalRNNTagger

    def make(**kw):
        return BidirectionalRNNTagger(**{**_SMALL_TAGGER, **kw})

    return make


_SMALL_TAGGER = dict(
    featuresCol="ids",
    labelCol="tags",
    units=16,
    embeddingDim=8,
    maxIter=12,
    stepSize=0.02,
    batchSize=16,
    averagingFrequency=2,
    numWorkers=2,
    seed=5,
)
