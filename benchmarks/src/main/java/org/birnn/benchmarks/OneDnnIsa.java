package org.birnn.benchmarks;

import java.util.Locale;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;

/**
 * The instruction sets the two oneDNN copies in the process use. libtorch's bundled oneDNN and ours
 * both read {@code DNNL_MAX_CPU_ISA} (or {@code ONEDNN_MAX_CPU_ISA}) when first used, and on the
 * AVX-512 machine of issue 7 libtorch 2.7.1's LSTM is only correct with that cap at AVX2, which
 * caps ours too. {@code dnnl_set_max_cpu_isa}, called before our first primitive, sets ours
 * independently, so each library can run at the fastest setting where it is correct; the table's
 * header says which ran where.
 */
final class OneDnnIsa {
  private OneDnnIsa() {}

  /**
   * Sets the most advanced ISA our oneDNN may use: {@code all}, {@code avx2}, {@code avx512_core},
   * ...
   */
  static void limitOurs(String name) {
    Loader.load(dnnl.class);
    int isa =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "all" -> dnnl.dnnl_cpu_isa_all;
          case "sse41" -> dnnl.dnnl_cpu_isa_sse41;
          case "avx" -> dnnl.dnnl_cpu_isa_avx;
          case "avx2" -> dnnl.dnnl_cpu_isa_avx2;
          case "avx512_core" -> dnnl.dnnl_cpu_isa_avx512_core;
          case "avx512_core_vnni" -> dnnl.dnnl_cpu_isa_avx512_core_vnni;
          default ->
              throw new IllegalArgumentException(
                  "--birnn-isa must be all, sse41, avx, avx2, avx512_core or avx512_core_vnni;"
                      + " received '"
                      + name
                      + "'");
        };
    int status = dnnl.dnnl_set_max_cpu_isa(isa);
    if (status != dnnl.dnnl_success) {
      throw new IllegalStateException(
          "dnnl_set_max_cpu_isa(" + name + ") failed with status " + status);
    }
  }

  /** Our effective ISA and the cap the environment sets for libtorch's copy. */
  static String describe() {
    String env = System.getenv("ONEDNN_MAX_CPU_ISA");
    if (env == null) {
      env = System.getenv("DNNL_MAX_CPU_ISA");
    }
    String ours;
    try {
      Loader.load(dnnl.class);
      ours = isaName(dnnl.dnnl_get_effective_cpu_isa());
    } catch (Throwable t) {
      ours = "unavailable";
    }
    return String.format(
        "oneDNN instruction sets: ours %s, libtorch's %s",
        ours, env == null ? "its default (no cap in the environment)" : "capped at " + env);
  }

  private static String isaName(int isa) {
    // The most specific first: each ISA's code includes the bits of those it extends.
    int[] codes = {
      dnnl.dnnl_cpu_isa_avx512_core_amx,
      dnnl.dnnl_cpu_isa_avx512_core_fp16,
      dnnl.dnnl_cpu_isa_avx512_core_bf16,
      dnnl.dnnl_cpu_isa_avx512_core_vnni,
      dnnl.dnnl_cpu_isa_avx512_core,
      dnnl.dnnl_cpu_isa_avx2_vnni,
      dnnl.dnnl_cpu_isa_avx2,
      dnnl.dnnl_cpu_isa_avx,
      dnnl.dnnl_cpu_isa_sse41
    };
    String[] names = {
      "avx512_core_amx",
      "avx512_core_fp16",
      "avx512_core_bf16",
      "avx512_core_vnni",
      "avx512_core",
      "avx2_vnni",
      "avx2",
      "avx",
      "sse41"
    };
    for (int i = 0; i < codes.length; i++) {
      if (isa == codes[i]) {
        return names[i];
      }
    }
    return "isa code " + isa;
  }
}
