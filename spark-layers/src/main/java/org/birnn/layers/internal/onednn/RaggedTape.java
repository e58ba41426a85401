package org.birnn.layers.internal.onednn;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.birnn.layers.utils.NativeMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A forward pass over a ragged batch ({@link RaggedBatch}): the runs are packed to start at step 0
 * and to end at the longest run, one oneDNN pass computes them, and the results are put back in
 * Keras semantics at the full padded length.
 */
final class RaggedTape implements SequenceKernel.Forward {
  private final RecurrentCell cell;
  private final SequenceKernel.Input input;
  private final RaggedBatch batch;
  private final DirectionTape tape;
  private INDArray emitted;
  private List<INDArray> finalStates;

  RaggedTape(RecurrentCell cell, SequenceKernel.Input in, RaggedBatch batch) {
    this.cell = cell;
    this.input = in;
    this.batch = batch;
    List<INDArray> init = new ArrayList<>();
    for (INDArray s : in.initialStates()) {
      init.add(OneDnnKernel.contiguous(s));
    }
    this.tape = new DirectionTape(cell, batch.pack(in.xs()), true, init, in.weights());
  }

  void run(boolean training) {
    int u = cell.units();
    tape.run(training);
    emitted = Nd4j.zeros(DataType.FLOAT, batch.fullLength(), batch.batch(), u);
    batch.unpackOutputsInto(tape.dst, emitted, input.zeroOutputForMask());
    INDArray h = Nd4j.createUninitialized(DataType.FLOAT, batch.batch(), u);
    batch.finalHInto(tape.dst, input.initialStates().get(0), h);
    finalStates = new ArrayList<>();
    finalStates.add(h);
    for (int k = 1; k < cell.stateCount(); k++) {
      finalStates.add(null); // see RaggedBatch.finalHInto
    }
  }

  /** The backward pass, recomputing the forward if it ran for inference. */
  SequenceKernel.Gradients backward(INDArray dEmitted, List<INDArray> dFinalStates) {
    if (dFinalStates != null && dFinalStates.size() > 1 && dFinalStates.get(1) != null) {
      throw new IllegalStateException(
          "the final cell state of a ragged batch was not computed (needFinalStates=false)");
    }
    if (!tape.hasWorkspace()) {
      tape.run(true);
    }
    int u = cell.units();
    INDArray dDst = batch.packOutputGradients(dEmitted, dFinalStates, input.zeroOutputForMask(), u);
    List<INDArray> dLast = new ArrayList<>();
    for (int k = 0; k < cell.stateCount(); k++) {
      dLast.add(Nd4j.zeros(DataType.FLOAT, batch.batch(), u));
    }
    DirectionTape.Gradients g = tape.backward(dDst, dLast);
    INDArray dxs = Nd4j.zeros(DataType.FLOAT, batch.fullLength(), batch.batch(), g.dx().size(2));
    batch.unpackInto(g.dx(), dxs);
    batch.addEmptyRuns(g.dInit().get(0), dFinalStates);
    NativeMemory.release(g.dx());
    NativeMemory.release(dDst);
    dLast.forEach(NativeMemory::release);
    return new SequenceKernel.Gradients(
        dxs, OneDnnKernel.kerasGradients(tape.kind, u, input.weights(), g), g.dInit());
  }

  @Override
  public INDArray emitted() {
    return emitted;
  }

  @Override
  public List<INDArray> finalStates() {
    return finalStates;
  }

  @Override
  public void release() {
    tape.release();
    if (emitted != null) {
      NativeMemory.release(emitted);
    }
  }
}
