package org.birnn.layers.internal.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.junit.jupiter.api.Test;

/**
 * Training workspaces are reused rather than allocated again: as many as were in use at once stay
 * pooled even beyond the byte budget, and a shape's idle ones are freed with it.
 */
class WorkspacePoolTest {
  @Test
  void asManyWorkspacesAsWereInUseAtOnceAreReused() {
    assumeTrue(OneDnnRuntime.available(), "oneDNN natives not loadable here");
    // W1's direction (100 steps, batch 64, 128 features, 128 units): about 60 MiB a workspace,
    // so the four of two Spark tasks' bidirectional layers exceed the budget.
    RnnPrimitives p =
        PrimitiveCache.get(
            new RnnPrimitives.Key(RnnKind.LSTM, dnnl.algorithm.eltwise_tanh, 100, 64, 128, 128));
    RnnPrimitives.Built b = p.training();
    long size = b.workspace.get_size();
    assertTrue(4 * size > RnnPrimitives.POOL_BUDGET, "workspace of " + size + " bytes");

    List<memory> first = take(b, 4);
    first.forEach(b::giveBack);
    List<memory> second = take(b, 4);
    Set<memory> firstSet = Collections.newSetFromMap(new IdentityHashMap<>());
    firstSet.addAll(first);
    for (memory m : second) {
      assertTrue(firstSet.contains(m), "a new workspace was allocated for the second step");
    }
    second.forEach(b::giveBack);

    long pooled = RnnPrimitives.POOLED_BYTES.get();
    assertEquals(4 * size, p.freeIdleWorkspaces());
    assertEquals(pooled - 4 * size, RnnPrimitives.POOLED_BYTES.get());
    assertEquals(0, p.freeIdleWorkspaces(), "nothing left to free");
  }

  private static List<memory> take(RnnPrimitives.Built b, int n) {
    List<memory> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      taken.add(b.takeWorkspace());
    }
    return taken;
  }
}
