package org.birnn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Against real multi-JVM Spark on loopback: a standalone Master and two Workers as separate
 * processes with the main job submitted through SparkSubmit; executor loss on local-cluster; a
 * killed driver resuming from its checkpoint; a PipelineModel saved by one JVM and scored by
 * another.
 */
class ClusterIT {
  private static final Path WORK = Path.of(System.getProperty("it.work.dir", "target/it-work"));

  /** A fresh, empty directory for one test (runs must not see an earlier run's files). */
  private static Path fresh(String name) throws Exception {
    Path dir = WORK.resolve(name);
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }

  private static Path tinyData(Path dir) throws Exception {
    String[][] words = {
      {"python", "module", "bindings"},
      {"library", "shared", "runtime"},
      {"game", "puzzle", "arcade"}
    };
    String[] labels = {"python", "libs", "games"};
    Random r = new Random(1);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int c = i % 3;
      lines.add(
          "{\"text\":\""
              + words[c][r.nextInt(3)]
              + " for "
              + words[c][r.nextInt(3)]
              + " tool\",\"label\":\""
              + labels[c]
              + "\"}");
    }
    Path data = dir.resolve("tiny.json");
    Files.write(data, lines);
    return data;
  }

  @Test
  void mainJobRunsOnAStandaloneClusterAndItsModelScoresInAnotherJvm() throws Exception {
    Path dir = fresh("standalone");
    Path home = Processes.sparkHome(dir.resolve("spark-home"));
    Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12");
    String cp = home.resolve("jars").toString() + "/*";
    int port = Processes.freePort();
    String master = "spark://127.0.0.1:" + port;
    try (Processes ps = new Processes(dir.resolve("logs"))) {
      ps.java(
          "master",
          cp,
          List.of("-Xmx512m"),
          "org.apache.spark.deploy.master.Master",
          List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"),
          env);
      ps.awaitLog("master", "I have been elected leader", 90);
      for (int w = 1; w <= 2; w++) {
        ps.java(
            "worker" + w,
            cp,
            List.of("-Xmx512m"),
            "org.apache.spark.deploy.worker.Worker",
            List.of(
                master,
                "--host",
                "127.0.0.1",
                "--cores",
                "1",
                "--memory",
                "1500m",
                "--webui-port",
                "0",
                "--work-dir",
                dir.resolve("work" + w).toString()),
            env);
        ps.awaitLog("worker" + w, "Successfully registered with master", 90);
      }
      Path data = tinyData(dir);
      Path out = dir.resolve("model");
      String appJar = examplesJar();
      Process submit =
          ps.java(
              "submit",
              cp,
              List.of("-Xmx1g"),
              "org.apache.spark.deploy.SparkSubmit",
              List.of(
                  "--master",
                  master,
                  "--deploy-mode",
                  "client",
                  "--class",
                  "org.birnn.examples.TextClassificationJob",
                  "--conf",
                  "spark.driver.host=127.0.0.1",
                  "--conf",
                  "spark.executor.memory=1g",
                  "--conf",
                  "spark.executor.extraJavaOptions=" + String.join(" ", Processes.opens()),
                  appJar,
                  "--data",
                  data.toString(),
                  "--epochs",
                  "15",
                  "--output",
                  out.toString()),
              env);
      assertTrue(
          submit.waitFor(6, TimeUnit.MINUTES), "the job did not finish:\n" + ps.tail("submit"));
      String log = ps.tail("submit");
      assertEquals(0, submit.exitValue(), log);
      Matcher m =
          Pattern.compile("Bidirectional\\(LSTM\\) on token ids\\s+([0-9.]+)")
              .matcher(Files.readString(ps.log("submit")));
      assertTrue(m.find(), log);
      assertTrue(
          Double.parseDouble(m.group(1)) > 0.6, "accuracy on 3 separable classes: " + m.group(1));
      assertTrue(
          Files.readString(ps.log("master")).contains("Registering app"),
          "the app ran on the cluster");

      Process score =
          ps.java(
              "score",
              Processes.classpath(),
              List.of("-Xmx1g"),
              ItApps.class.getName(),
              List.of("score", out.resolve("pipeline").toString()),
              Map.of());
      assertTrue(score.waitFor(3, TimeUnit.MINUTES));
      assertEquals(0, score.exitValue(), ps.tail("score"));
      assertTrue(
          ps.tail("score").contains("SCORED python module for bindings -> python"),
          ps.tail("score"));
    }
  }

  private static String examplesJar() throws Exception {
    for (String e : Processes.classpath().split(java.io.File.pathSeparator)) {
      if (e.matches(".*examples(_2\\.1[23])?-[^/]*\\.jar")) {
        return e;
      }
    }
    throw new AssertionError("examples jar not on the classpath: " + Processes.classpath());
  }

  @Test
  void fitSurvivesTheLossOfAnExecutorJvm() throws Exception {
    Path dir = fresh("fault");
    Path home = Processes.sparkHome(dir.resolve("spark-home"));
    try (Processes ps = new Processes(dir.resolve("logs"))) {
      Process p =
          ps.java(
              "fault",
              Processes.classpath(),
              List.of("-Xmx2g"),
              ItApps.class.getName(),
              List.of("fault"),
              Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12"));
      assertTrue(p.waitFor(6, TimeUnit.MINUTES), ps.tail("fault"));
      String log = Files.readString(ps.log("fault"));
      assertEquals(0, p.exitValue(), ps.tail("fault"));
      assertTrue(log.contains("KILLED_EXECUTOR"), ps.tail("fault"));
      Matcher m = Pattern.compile("FIT_OK accuracy=([0-9.]+)").matcher(log);
      assertTrue(m.find(), ps.tail("fault"));
      assertTrue(
          Double.parseDouble(m.group(1)) > 0.7, "the model is valid: accuracy " + m.group(1));
    }
  }

  /** Whether {@code dir} holds a complete checkpoint file (temporary ones are hidden). */
  private static boolean hasCheckpoint(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("birnn-checkpoint-\\d+\\.bin"));
    }
  }

  @Test
  void aKilledDriverResumesFromItsCheckpoint() throws Exception {
    Path dir = fresh("checkpoint");
    Path ckpt = dir.resolve("ckpt");
    try (Processes ps = new Processes(dir.resolve("logs"))) {
      Process first =
          ps.java(
              "first",
              Processes.classpath(),
              List.of("-Xmx1g"),
              ItApps.class.getName(),
              List.of("checkpoint", ckpt.toUri().toString(), "12"),
              Map.of());
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!hasCheckpoint(ckpt) && first.isAlive() && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      assertTrue(hasCheckpoint(ckpt), "no checkpoint was written:\n" + ps.tail("first"));
      Thread.sleep(1500);
      assertTrue(first.isAlive(), "the first fit ended before it could be killed");
      first.destroyForcibly().waitFor();
      Process second =
          ps.java(
              "second",
              Processes.classpath(),
              List.of("-Xmx1g"),
              ItApps.class.getName(),
              List.of("checkpoint", ckpt.toUri().toString(), "12"),
              Map.of());
      assertTrue(second.waitFor(8, TimeUnit.MINUTES), ps.tail("second"));
      assertEquals(0, second.exitValue(), ps.tail("second"));
      Matcher m =
          Pattern.compile("RESUMED_FROM=(-?\\d+) ROUNDS_RUN=(\\d+)")
              .matcher(Files.readString(ps.log("second")));
      assertTrue(m.find(), ps.tail("second"));
      int from = Integer.parseInt(m.group(1));
      assertTrue(from > 0, "resumed from round " + from);
      assertTrue(Integer.parseInt(m.group(2)) > 0, "it went on training");
    }
  }
}
