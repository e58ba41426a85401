package org.birnn.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the JVMs an integration test needs (each logging to a file) and stops every one of them,
 * also when the test fails.
 */
final class Processes implements AutoCloseable {
  private final Path dir;
  private final List<Process> started = new ArrayList<>();

  Processes(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /**
   * The test JVM's real classpath for the JVMs it starts, less the Spark Connect client jar: only
   * {@link ConnectIT}'s test JVM is a Connect client, and the client's copies of Spark Connect's
   * protocol classes, beside the server's, break Spark 4's ML loader with a VerifyError.
   */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    cp = cp != null ? cp : System.getProperty("java.class.path");
    return java.util.Arrays.stream(cp.split(File.pathSeparator))
        .filter(e -> !e.contains("spark-connect-client-jvm"))
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  /** The JVM options every Spark JVM needs on Java 17. */
  static List<String> opens() {
    return Arrays.asList(System.getProperty("it.java17.opens", "").trim().split("\\s+"));
  }

  /**
   * Starts {@code java [opts] -cp cp main args} with extra environment; output goes to {@code log}.
   */
  Process java(
      String name,
      String cp,
      List<String> opts,
      String main,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(opts);
    cmd.addAll(opens());
    cmd.add("-Dit.java17.opens=" + String.join(" ", opens()));
    cmd.add("-Dlog4j2.configurationFile=" + logConfig());
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(main);
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile());
    // Loopback only: Spark would otherwise pick the machine's outside address.
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /** Warnings, plus the INFO lines of Spark's deploy classes that tell when a process is ready. */
  private Path logConfig() throws IOException {
    Path f = dir.resolve("log4j2-child.properties");
    if (!Files.exists(f)) {
      Files.writeString(
          f,
          String.join(
              "\n",
              "status = error",
              "appender.console.type = Console",
              "appender.console.name = console",
              "appender.console.layout.type = PatternLayout",
              "appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n",
              "rootLogger.level = warn",
              "rootLogger.appenderRef.console.ref = console",
              "logger.deploy.name = org.apache.spark.deploy",
              "logger.deploy.level = info",
              "logger.birnn.name = org.birnn",
              "logger.birnn.level = info",
              ""));
    }
    return f;
  }

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** Waits until {@code name}'s log contains {@code text}; fails with the log's tail otherwise. */
  void awaitLog(String name, String text, long seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (Files.exists(log(name)) && Files.readString(log(name)).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "'"
            + text
            + "' did not appear in "
            + name
            + ".log within "
            + seconds
            + "s:\n"
            + tail(name));
  }

  String tail(String name) throws IOException {
    if (!Files.exists(log(name))) {
      return "(no log)";
    }
    String s = Files.readString(log(name));
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  /** A free loopback port. */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * A SPARK_HOME whose {@code jars/} holds (links to) every jar of the test classpath: Spark's own
   * workers build executor classpaths from it. There is no Spark download.
   */
  static Path sparkHome(Path root) throws IOException {
    Path jars = Files.createDirectories(root.resolve("jars"));
    for (String e : classpath().split(File.pathSeparator)) {
      Path p = Path.of(e);
      if (e.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    return root;
  }

  @Override
  public void close() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : started) {
      try {
        p.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
