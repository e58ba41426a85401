package org.birnn.benchmarks;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a fresh sequence-sized buffer ({@code [100, 64, 128]} float32, 3.2 MB) costs: an ND4J {@code
 * createUninitialized}, and a JavaCPP allocation written once. Both pay the first-touch page
 * faults, which dominate the layer's remaining overhead around the oneDNN kernel.
 */
public final class AllocationProbe {
  private AllocationProbe() {}

  /** Prints milliseconds per buffer, five rounds of 20. */
  public static void main(String[] args) {
    long n = 100L * 64 * 128;
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        Nd4j.createUninitialized(DataType.FLOAT, 100, 64, 128);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        FloatPointer p = new FloatPointer(n);
        DataBuffer db = Nd4j.createBuffer(p, DataType.FLOAT, n, FloatIndexer.create(p));
        INDArray arr = Nd4j.create(db, new long[] {100, 64, 128});
        arr.assign(1);
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "3.2 MB buffer: ND4J createUninitialized %.2f ms, JavaCPP malloc + first write %.2f ms%n",
          (t1 - t0) / 20e6, (t2 - t1) / 20e6);
    }
  }
}
