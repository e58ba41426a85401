package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The classifier's learned representation as a column, and MLlib stages that read it. */
@ExtendWith(LocalSpark.class)
class ClassifierEncodingTest {
  @Test
  void classifierEncodingsFeedLogisticRegressionAndKMeans() {
    Dataset<Row> train = ClassifierTest.ids(200, 4).cache();
    Dataset<Row> test = ClassifierTest.ids(100, 5);
    BidirectionalRNNClassificationModel clf =
        ClassifierTest.small().setMaxIter(6).setUnits(8).fit(train);
    clf.setEncodingCol("encoding");
    Dataset<Row> encoded = clf.transform(train);
    assertEquals(SQLDataTypes.VectorType(), encoded.schema().apply("encoding").dataType());
    Vector first = encoded.select("encoding").first().getAs(0);
    assertEquals(16, first.size(), "concat of two directions of 8 units");

    // A linear model on the encodings separates the classes as the network's own head does.
    Dataset<Row> scoredTest = clf.transform(test);
    double headAccuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scoredTest);
    double lrAccuracy =
        new MulticlassClassificationEvaluator()
            .setMetricName("accuracy")
            .setPredictionCol("lrPrediction")
            .evaluate(
                new LogisticRegression()
                    .setFeaturesCol("encoding")
                    .setPredictionCol("lrPrediction")
                    .setProbabilityCol("lrProbability")
                    .setRawPredictionCol("lrRaw")
                    .fit(encoded)
                    .transform(scoredTest));
    assertTrue(headAccuracy > 0.9, "head " + headAccuracy);
    assertTrue(lrAccuracy > 0.9, "logistic regression on encodings " + lrAccuracy);

    // Two clusters of the encodings mostly follow the two classes.
    KMeansModel km =
        new KMeans()
            .setK(2)
            .setSeed(1)
            .setFeaturesCol("encoding")
            .setPredictionCol("cluster")
            .fit(encoded);
    List<Row> clusters = km.transform(encoded).select("label", "cluster").collectAsList();
    long agree = clusters.stream().filter(r -> r.getDouble(0) == r.getInt(1)).count();
    double purity = Math.max(agree, clusters.size() - agree) / (double) clusters.size();
    assertTrue(purity > 0.8, "cluster purity " + purity);
    train.unpersist();
  }
}
