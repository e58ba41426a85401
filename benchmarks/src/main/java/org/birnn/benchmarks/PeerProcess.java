package org.birnn.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A candidate's own JVM ({@link CandidateServer}): the harness's JVM options and class path, the
 * environment of the harness plus {@code env} (an instruction-set cap, an allocator setting), so
 * each library runs at its own defaults and no two native runtimes share a process.
 */
final class PeerProcess implements AutoCloseable {
  private final String label;
  private final Process process;
  private final PrintWriter commands;
  private final BufferedReader answers;

  /**
   * @param label the row label
   * @param env extra environment variables for this JVM only
   */
  PeerProcess(String label, Map<String, String> env) {
    this.label = label;
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String opt : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // A recording or agent of the harness's JVM is not the candidate's.
      if (!opt.startsWith("-XX:StartFlightRecording") && !opt.startsWith("-agent")) {
        cmd.add(opt);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CandidateServer.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the JVM for " + label, e);
    }
    commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  String label() {
    return label;
  }

  /** Sends one command and returns its answer (without the {@code @@ } prefix). */
  String ask(String command) {
    commands.println(command);
    try {
      for (String line; (line = answers.readLine()) != null; ) {
        if (line.startsWith("@@ ")) {
          String answer = line.substring(3);
          if (answer.startsWith("error ")) {
            throw new IllegalStateException(label + " failed on '" + command + "': " + answer);
          }
          return answer;
        }
        System.err.println(line);
      }
    } catch (IOException e) {
      throw new IllegalStateException(label + " stopped answering", e);
    }
    throw new IllegalStateException(label + "'s JVM exited on '" + command + "'");
  }

  /** A timing answer: {@code [seconds, other processes' CPU share]}. */
  double[] time(String command) {
    String[] f = ask(command).split(" ");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
  }

  @Override
  public void close() {
    commands.println("quit");
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
