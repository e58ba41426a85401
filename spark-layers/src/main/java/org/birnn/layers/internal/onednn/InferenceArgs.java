package org.birnn.layers.internal.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;

import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thread's oneDNN memory objects and argument map for the inference calls of one primitive set:
 * made at the thread's first call and pointed at each later call's arrays ({@code set_data_handle})
 * instead of made anew.
 *
 * <p>Why: every JavaCPP object a call makes registers with JavaCPP's deallocator, which takes a
 * process-wide lock and, under JavaCPP's default {@code maxPhysicalBytes}, reads the process's
 * resident size. A direction's inference call made ten of them; in a JFR profile of W5 scoring at
 * batch 32 the resident-size reads alone were 15% of the main thread, and the same run with the
 * check switched off ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes=0}) scored 15% faster.
 *
 * <p>The objects live as long as their primitive set and thread (JavaCPP frees them when both are
 * gone); they are kept past the caller's {@code PointerScope} with {@code retainReference}.
 */
final class InferenceArgs {
  private static final int[] IDS = {
    DNNL_ARG_SRC_LAYER,
    DNNL_ARG_SRC_ITER,
    DNNL_ARG_SRC_ITER_C,
    DNNL_ARG_BIAS,
    DNNL_ARG_DST_LAYER,
    DNNL_ARG_DST_ITER,
    DNNL_ARG_DST_ITER_C,
    DNNL_ARG_SCRATCHPAD
  };

  private final memory[] slots = new memory[IDS.length];
  private final IntMemoryMap map = new IntMemoryMap();

  private InferenceArgs() {
    map.retainReference();
  }

  /** This thread's arguments for {@code prims}' inference primitive. */
  static InferenceArgs of(RnnPrimitives prims) {
    InferenceArgs a = prims.inferenceArgs.get();
    if (a == null) {
      a = new InferenceArgs();
      prims.inferenceArgs.set(a);
    }
    return a;
  }

  /**
   * The argument map of one call, every data argument pointing at this call's arrays; the caller
   * adds the weights.
   *
   * @param column the first column of {@code dst} the outputs go to (the fused layout), else 0
   * @param scratch the thread's scratchpad, or {@code null} when the primitive needs none
   */
  IntMemoryMap point(
      stream s,
      RnnPrimitives prims,
      RnnPrimitives.Built built,
      INDArray x,
      List<INDArray> init,
      INDArray bias,
      INDArray dst,
      long column,
      List<INDArray> last,
      INDArray scratch) {
    boolean twoStates = init.size() == 2;
    set(s, 0, prims.src, address(x));
    set(s, 1, prims.state, address(init.get(0)));
    set(s, 2, prims.state, twoStates ? address(init.get(1)) : null);
    set(s, 3, prims.bias, address(bias));
    // A byte position: JavaCPP adds it as bytes for a void* argument.
    set(s, 4, prims.dst, new BytePointer(address(dst)).position(column * Float.BYTES));
    set(s, 5, prims.state, address(last.get(0)));
    set(s, 6, prims.state, twoStates ? address(last.get(1)) : null);
    set(s, 7, built.scratchpad, scratch == null ? null : address(scratch));
    return map;
  }

  private static Pointer address(INDArray a) {
    return a.data().addressPointer();
  }

  private void set(stream s, int slot, memory.desc desc, Pointer data) {
    if (data == null) {
      return;
    }
    memory m = slots[slot];
    if (m == null) {
      m = new memory(desc, OneDnnRuntime.engine(), data);
      m.retainReference();
      slots[slot] = m;
      map.put(IDS[slot], m);
    } else {
      m.set_data_handle(data, s);
    }
  }
}
