import pytest

import birnn_spark


@pytest.fixture(scope="session")
def spark():
    """A Spark Connect client of a local server (a JVM listening for gRPC on loopback) started
    here with the library's jar."""
    session = birnn_spark.session(remote="local[2]", **{"spark.sql.shuffle.partitions": "2"})
    assert session.__class__.__module__.startswith("pyspark.sql.connect"), type(session)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def reviews_df(spark, review_rows):
    from pyspark.ml.feature import Tokenizer

    df = spark.createDataFrame(review_rows, ["text", "label"])
    return Tokenizer(inputCol="text", outputCol="tokens").transform(df)
