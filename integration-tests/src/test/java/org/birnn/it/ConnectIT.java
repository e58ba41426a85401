package org.birnn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.Fetch;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlCommandResult;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.MlRelation;
import org.apache.spark.connect.proto.ObjectRef;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A real Spark Connect server (its own JVM, {@code SparkConnectServer} from Maven Central, the
 * library on its class path) driven by the JVM Connect client through Spark Connect ML's protocol
 * ({@code MlCommand}, as PySpark's Connect client sends it): the stages are found by the server's
 * {@code ServiceLoader}, fitted, applied, saved, loaded; {@code numClasses} and the training
 * summary's {@code objectiveHistory} answer as for MLlib's models; a bad param comes back as a
 * clear error. The JVM client has no {@code spark.ml} API of its own, so the commands are built
 * here.
 */
class ConnectIT {
  private static final String INDEXER = "org.birnn.pipelines.text.TokenIndexer";
  private static final String CLASSIFIER =
      "org.birnn.pipelines.classification.BidirectionalRNNClassifier";
  private static final String MODEL =
      "org.birnn.pipelines.classification.BidirectionalRNNClassificationModel";

  @Test
  void stagesFitScoreSaveAndLoadOverSparkConnect() throws Exception {
    Path dir = Path.of(System.getProperty("it.work.dir", "target/it-work"), "connect");
    Files.createDirectories(dir);
    int port = Processes.freePort();
    try (Processes ps = new Processes(dir.resolve("logs"))) {
      ps.java(
          "connect",
          Processes.classpath(),
          List.of(
              "-Xmx2g",
              "-Dspark.master=local[2]",
              "-Dspark.app.name=connect-it",
              "-Dspark.ui.enabled=false",
              "-Dspark.connect.grpc.binding.address=127.0.0.1",
              "-Dspark.connect.grpc.binding.port=" + port),
          "org.apache.spark.sql.connect.service.SparkConnectServer",
          List.of(),
          Map.of());
      awaitPort(port, 180, ps);
      SparkSession s =
          (SparkSession) SparkSession.builder().remote("sc://127.0.0.1:" + port).getOrCreate();
      try {
        Dataset<Row> texts = texts(s);
        String indexer =
            fit(s, INDEXER, params("inputCol", str("tokens"), "outputCol", str("ids")), texts);
        Dataset<Row> ids = transform(s, indexer, texts);
        String model =
            fit(
                s,
                CLASSIFIER,
                params(
                    "featuresCol", str("ids"),
                    "maxIter", integer(15),
                    "batchSize", integer(4),
                    "units", integer(4),
                    "embeddingDim", integer(4),
                    "seed", Expression.Literal.newBuilder().setLong(3).build()),
                ids);
        List<Double> fitted = predictions(transform(s, model, ids));
        List<Double> labels = column(ids.select("label"));
        assertEquals(labels, fitted, "the toy sentences are separable");

        // MLlib's model family and training summary answer over Connect.
        assertEquals(2, fetch(s, model, "numClasses").getInteger());
        Expression.Literal history = fetch(s, model, "summary", "objectiveHistory");
        assertTrue(history.getArray().getElementsCount() > 0, history.toString());
        assertTrue(
            history.getArray().getElementsList().stream().allMatch(e -> e.getDouble() > 0),
            "losses " + history);

        String path = dir.resolve("model").toString();
        run(
            s,
            MlCommand.newBuilder()
                .setWrite(
                    MlCommand.Write.newBuilder()
                        .setObjRef(ObjectRef.newBuilder().setId(model))
                        .setPath(path)
                        .setShouldOverwrite(true))
                .build());
        assertTrue(Files.isDirectory(Path.of(path, "data")), "saved on the server's local path");
        String loaded =
            run(
                    s,
                    MlCommand.newBuilder()
                        .setRead(
                            MlCommand.Read.newBuilder()
                                .setOperator(
                                    MlOperator.newBuilder()
                                        .setName(MODEL)
                                        .setType(MlOperator.OperatorType.OPERATOR_TYPE_MODEL))
                                .setPath(path))
                        .build())
                .getOperatorInfo()
                .getObjRef()
                .getId();
        assertEquals(fitted, predictions(transform(s, loaded, ids)));

        Exception bad =
            assertThrows(
                Exception.class,
                () ->
                    fit(
                        s,
                        CLASSIFIER,
                        params("featuresCol", str("ids"), "units", integer(0)),
                        ids));
        assertTrue(
            bad.getMessage().contains("parameter units given invalid value 0"), bad.getMessage());
      } finally {
        s.close();
      }
    }
  }

  private static Dataset<Row> texts(SparkSession s) {
    String[][] good = {{"great", "lovely", "film"}, {"good", "great", "actor"}};
    String[][] bad = {{"awful", "poor", "plot"}, {"terrible", "bad", "acting"}};
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      rows.add(RowFactory.create(List.of(good[k % 2]), 0.0));
      rows.add(RowFactory.create(List.of(bad[k % 2]), 1.0));
    }
    StructType schema =
        new StructType()
            .add("tokens", DataTypes.createArrayType(DataTypes.StringType))
            .add("label", DataTypes.DoubleType);
    return s.createDataFrame(rows, schema);
  }

  private static Expression.Literal str(String v) {
    return Expression.Literal.newBuilder().setString(v).build();
  }

  private static Expression.Literal integer(int v) {
    return Expression.Literal.newBuilder().setInteger(v).build();
  }

  private static MlParams params(Object... kv) {
    MlParams.Builder b = MlParams.newBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.putParams((String) kv[i], (Expression.Literal) kv[i + 1]);
    }
    return b.build();
  }

  private static MlCommandResult run(SparkSession s, MlCommand cmd) {
    List<ExecutePlanResponse> responses =
        CollectionConverters.asJava(s.execute(Command.newBuilder().setMlCommand(cmd).build()));
    for (ExecutePlanResponse r : responses) {
      if (r.hasMlCommandResult()) {
        return r.getMlCommandResult();
      }
    }
    throw new AssertionError("no ML result in " + responses);
  }

  /** Fits {@code estimator} on the server; returns the model's reference. */
  private static String fit(SparkSession s, String estimator, MlParams params, Dataset<Row> data) {
    MlOperator op =
        MlOperator.newBuilder()
            .setName(estimator)
            .setUid(estimator.substring(estimator.lastIndexOf('.') + 1) + "_connect")
            .setType(MlOperator.OperatorType.OPERATOR_TYPE_ESTIMATOR)
            .build();
    return run(
            s,
            MlCommand.newBuilder()
                .setFit(
                    MlCommand.Fit.newBuilder()
                        .setEstimator(op)
                        .setParams(params)
                        .setDataset(data.plan().getRoot()))
                .build())
        .getOperatorInfo()
        .getObjRef()
        .getId();
  }

  /** Calls {@code methods} one after the other on the server's object {@code ref}. */
  private static Expression.Literal fetch(SparkSession s, String ref, String... methods) {
    Fetch.Builder f = Fetch.newBuilder().setObjRef(ObjectRef.newBuilder().setId(ref));
    for (String m : methods) {
      f.addMethods(Fetch.Method.newBuilder().setMethod(m));
    }
    return run(s, MlCommand.newBuilder().setFetch(f).build()).getParam();
  }

  private static Dataset<Row> transform(SparkSession s, String model, Dataset<Row> data) {
    return s.newDataFrame(
        b -> {
          b.setMlRelation(
              MlRelation.newBuilder()
                  .setTransform(
                      MlRelation.Transform.newBuilder()
                          .setObjRef(ObjectRef.newBuilder().setId(model))
                          .setInput(data.plan().getRoot())));
          return scala.runtime.BoxedUnit.UNIT;
        });
  }

  private static List<Double> predictions(Dataset<Row> scored) {
    return column(scored.select("prediction"));
  }

  private static List<Double> column(Dataset<Row> one) {
    List<Double> out = new ArrayList<>();
    for (Row r : one.collectAsList()) {
      out.add(r.getDouble(0));
    }
    return out;
  }

  private static void awaitPort(int port, long seconds, Processes ps) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError(
        "the Connect server did not listen within " + seconds + "s:\n" + ps.tail("connect"));
  }
}
