package org.birnn.layers.rnn;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.HeapFloats;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.utils.NativeMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ways {@link Bidirectional} computes: each direction through its own layer and then the merge
 * (any layers, any merge mode, masks, initial states), or, for a concat layer on oneDNN, both
 * directions straight into the output (inference, and training without initial states).
 */
final class BidirectionalPass {
  private BidirectionalPass() {}

  /**
   * Chooses the pass for one call of {@code layer} and runs it: the fused oneDNN training or
   * inference pass where both directions qualify, else each direction through its own layer.
   */
  static LayerCall run(
      Bidirectional layer,
      INDArray inputs,
      INDArray mask,
      List<INDArray> initialState,
      boolean training) {
    RecurrentLayer forward = layer.forwardLayer();
    RecurrentLayer backward = layer.backwardLayer();
    MergeMode mergeMode = layer.mergeMode();
    List<List<INDArray>> init = splitInitialState(layer, forward, backward, initialState);
    boolean plainConcat = initialState == null && mergeMode == MergeMode.CONCAT;
    if (plainConcat && training) {
      LayerCall fused =
          mask == null && forward.returnSequences()
              ? fusedTraining(forward, backward, inputs)
              : fusedMaskedTraining(forward, backward, inputs, mask);
      if (fused != null) {
        return fused;
      }
    }
    if (plainConcat && !training) {
      INDArray fused = fused(forward, backward, inputs, mask);
      if (fused != null) {
        // A backward pass asked for anyway runs the layer-by-layer path (it recomputes).
        return new LayerCall(
            List.of(fused),
            null,
            1,
            0,
            d ->
                layerwise(forward, backward, mergeMode, inputs, mask, null, null, false)
                    .backward(d));
      }
    }
    return layerwise(
        forward, backward, mergeMode, inputs, mask, init.get(0), init.get(1), training);
  }

  /** Each direction through its own layer, then the merge. */
  static LayerCall layerwise(
      RecurrentLayer forward,
      RecurrentLayer backward,
      MergeMode mergeMode,
      INDArray inputs,
      INDArray mask,
      List<INDArray> initF,
      List<INDArray> initB,
      boolean training) {
    // Our own layers run their directions side by side; a user's layer might share state.
    boolean ours = forward instanceof RNN && backward instanceof RNN;
    LayerCall[] out = new LayerCall[2];
    both(
        ours,
        () -> out[0] = forward.call(inputs, mask, initF, training),
        () -> out[1] = backward.call(inputs, mask, initB, training));
    LayerCall fo = out[0];
    LayerCall bo = out[1];
    INDArray y = fo.output();
    // The backward sequence comes in processing order; align it with input time (O2).
    INDArray yRev = forward.returnSequences() ? Tensors.flipTime(bo.output()) : bo.output();
    List<INDArray> outputs = new ArrayList<>(mergeMode.merge(y, yRev));
    // After an inference call the flipped copy is garbage unless returned (mode none) or needed by
    // the merge's derivative (mul); free it now and redo the flip if a backward is asked for.
    boolean dropRev =
        !training
            && forward.returnSequences()
            && mergeMode != MergeMode.NONE
            && mergeMode != MergeMode.MUL;
    if (dropRev) {
      NativeMemory.release(yRev);
    }
    int leading = outputs.size();
    outputs.addAll(fo.states());
    outputs.addAll(bo.states());
    int nfs = fo.states().size();
    int nbs = bo.states().size();
    return new LayerCall(
        outputs,
        null,
        leading,
        fo.penalty() + bo.penalty(),
        d -> {
          INDArray rev = dropRev ? Tensors.flipTime(bo.output()) : yRev;
          INDArray[] split = mergeMode.backward(d.subList(0, leading), y, rev);
          INDArray dyRev = split[1];
          boolean flipped = dyRev != null && forward.returnSequences();
          if (flipped) {
            dyRev = Tensors.flipTime(dyRev);
          }
          List<INDArray> df = new ArrayList<>();
          df.add(split[0]);
          df.addAll(d.subList(leading, leading + nfs));
          List<INDArray> db = new ArrayList<>();
          db.add(dyRev);
          db.addAll(d.subList(leading + nfs, leading + nfs + nbs));
          LayerCall.Gradients[] g = new LayerCall.Gradients[2];
          both(ours, () -> g[0] = fo.backward(df), () -> g[1] = bo.backward(db));
          LayerCall.Gradients gf = g[0];
          LayerCall.Gradients gb = g[1];
          if (flipped) {
            NativeMemory.release(dyRev); // made here; the layer copied it into its own layout
          }
          List<INDArray> dw = new ArrayList<>(gf.weights());
          dw.addAll(gb.weights());
          List<INDArray> ds = new ArrayList<>(gf.initialStates());
          ds.addAll(gb.initialStates());
          INDArray dx;
          if (ours
              && HeapFloats.direct(gf.input())
              && HeapFloats.direct(gb.input())
              && java.util.Arrays.equals(gf.input().shape(), gb.input().shape())) {
            // Our layers return fresh input gradients: sum into the forward one in Java (an ND4J
            // add costs more per call than the sum at a classifier's sizes).
            HeapFloats.addInto(gf.input(), gb.input());
            dx = gf.input();
            NativeMemory.release(gb.input());
          } else {
            dx = gf.input().add(gb.input());
            if (ours) {
              // Our layers return fresh input gradients; a user layer may hand out its own arrays.
              NativeMemory.release(gf.input());
              NativeMemory.release(gb.input());
            }
          }
          return LayerCall.Gradients.recurrent(dx, dw, ds);
        });
  }

  private static void both(boolean parallel, Runnable forward, Runnable backward) {
    if (parallel) {
      org.birnn.layers.internal.DirectionPair.run(forward, backward);
    } else {
      forward.run();
      backward.run();
    }
  }

  /**
   * Both directions straight into the concat output on oneDNN, or {@code null} when a sub-layer
   * needs the layer-by-layer path.
   *
   * @param mask {@code [batch, time]} or {@code null}
   */
  static INDArray fused(
      RecurrentLayer forward, RecurrentLayer backward, INDArray inputs, INDArray mask) {
    if (!(forward instanceof RNN f) || !(backward instanceof RNN b) || !fusable(f, b, inputs)) {
      return null;
    }
    if (mask == null && forward.returnSequences()) {
      return org.birnn.layers.internal.onednn.FusedBidirectional.concat(
          f.fusableCell(), f.cellWeights(), b.fusableCell(), b.cellWeights(), inputs);
    }
    return org.birnn.layers.internal.onednn.FusedBidirectional.concatPacked(
        f.fusableCell(),
        f.cellWeights(),
        b.fusableCell(),
        b.cellWeights(),
        inputs,
        mask,
        forward.returnSequences());
  }

  /** Whether both layers run on oneDNN in the fused layout for {@code inputs}. */
  private static boolean fusable(RNN f, RNN b, INDArray inputs) {
    org.birnn.layers.rnn.cells.RecurrentCell fc = f.fusableCell();
    org.birnn.layers.rnn.cells.RecurrentCell bc = b.fusableCell();
    return inputs.size(0) >= 1
        && inputs.size(1) >= 1
        && fc != null
        && bc != null
        && !f.goBackwards()
        && b.goBackwards()
        && inputs.size(2) == f.inputDim()
        && f.cellWeights().kernel().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
        && b.cellWeights().kernel().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
        && org.birnn.layers.internal.onednn.FusedBidirectional.eligible(fc, bc, inputs);
  }

  /**
   * The training pass of an unmasked concat layer on oneDNN's fused layout, or {@code null} when a
   * sub-layer needs the layer-by-layer path.
   */
  static LayerCall fusedTraining(RecurrentLayer forward, RecurrentLayer backward, INDArray inputs) {
    if (!trainsFused(forward, backward, inputs)) {
      return null;
    }
    org.birnn.layers.internal.onednn.FusedTraining pass =
        org.birnn.layers.internal.onednn.FusedTraining.run(
            ((RNN) forward).fusableCell(),
            ((RNN) forward).cellWeights(),
            ((RNN) backward).fusableCell(),
            ((RNN) backward).cellWeights(),
            inputs);
    return trainingCall(pass.output(), pass::backward);
  }

  /**
   * The training pass of a masked or last-step concat layer on oneDNN, each direction packing its
   * runs, or {@code null} when a sub-layer needs the layer-by-layer path or a sample's kept steps
   * are not one run.
   *
   * @param mask {@code [batch, time]} or {@code null}
   */
  static LayerCall fusedMaskedTraining(
      RecurrentLayer forward, RecurrentLayer backward, INDArray inputs, INDArray mask) {
    if (!trainsFused(forward, backward, inputs)) {
      return null;
    }
    org.birnn.layers.internal.onednn.FusedMaskedTraining pass =
        org.birnn.layers.internal.onednn.FusedMaskedTraining.run(
            ((RNN) forward).fusableCell(),
            ((RNN) forward).cellWeights(),
            ((RNN) backward).fusableCell(),
            ((RNN) backward).cellWeights(),
            inputs,
            mask,
            forward.returnSequences());
    return pass == null ? null : trainingCall(pass.output(), pass::backward);
  }

  /**
   * Whether both sub-layers train on oneDNN's fused layout: our layers, fusable for {@code inputs},
   * without dropout (which the fused passes do not draw).
   */
  private static boolean trainsFused(
      RecurrentLayer forward, RecurrentLayer backward, INDArray inputs) {
    return forward instanceof RNN f
        && backward instanceof RNN b
        && f.config().dropout() == 0
        && f.config().recurrentDropout() == 0
        && b.config().dropout() == 0
        && b.config().recurrentDropout() == 0
        && fusable(f, b, inputs);
  }

  /** A training call of a fused pass: its output, and its gradients in the layer's weight order. */
  private static LayerCall trainingCall(
      INDArray output,
      java.util.function.Function<
              INDArray, org.birnn.layers.internal.onednn.FusedTraining.Gradients>
          backward) {
    return new LayerCall(
        List.of(output),
        null,
        1,
        0,
        d -> {
          org.birnn.layers.internal.onednn.FusedTraining.Gradients g = backward.apply(d.get(0));
          List<INDArray> dw = new ArrayList<>();
          for (org.birnn.layers.rnn.cells.CellWeights w : List.of(g.forward(), g.backward())) {
            dw.add(w.kernel());
            dw.add(w.recurrentKernel());
            if (w.bias() != null) {
              dw.add(w.bias());
            }
          }
          List<INDArray> ds = new ArrayList<>(g.forwardStates());
          ds.addAll(g.backwardStates());
          return LayerCall.Gradients.recurrent(g.input(), dw, ds);
        });
  }

  /**
   * {@code initialState} split into the forward layer's states and the backward layer's ({@code
   * null, null} when none is given), or an error naming the layer and the counts.
   */
  static List<List<INDArray>> splitInitialState(
      Bidirectional layer,
      RecurrentLayer forward,
      RecurrentLayer backward,
      List<INDArray> initialState) {
    if (initialState == null) {
      return java.util.Arrays.asList(null, null);
    }
    int nf = forward.stateCount();
    int nb = backward.stateCount();
    if (initialState.size() != nf + nb) {
      throw new IllegalArgumentException(
          layer
              + ": initial_state must hold "
              + nf
              + " forward state(s) then "
              + nb
              + " backward state(s), "
              + (nf + nb)
              + " tensors in all; received "
              + initialState.size());
    }
    return List.of(initialState.subList(0, nf), initialState.subList(nf, nf + nb));
  }
}
