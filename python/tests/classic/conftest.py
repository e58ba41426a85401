import pytest

import birnn_spark


@pytest.fixture(scope="session")
def spark():
    session = birnn_spark.session(
        "local[2]",
        **{"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2"},
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def reviews_df(spark, review_rows):
    from pyspark.ml.feature import Tokenizer

    df = spark.createDataFrame(review_rows, ["text", "label"])
    return Tokenizer(inputCol="text", outputCol="tokens").transform(df).cache()
