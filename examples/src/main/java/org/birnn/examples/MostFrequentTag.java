package org.birnn.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classic part-of-speech baseline: each word gets the tag it had most often in training; an
 * unseen word gets the most frequent tag of the longest suffix (up to 3 letters) seen in training,
 * else the most frequent tag overall. Words are compared in lower case; ties go to the tag that
 * comes first by name.
 */
final class MostFrequentTag {
  private static final int MAX_SUFFIX = 3;
  private final Map<String, String> byWord = new HashMap<>();
  private final Map<String, String> bySuffix = new HashMap<>();
  private final String overall;

  MostFrequentTag(List<BrownCorpus.Sentence> train) {
    Map<String, Map<String, Integer>> words = new HashMap<>();
    Map<String, Map<String, Integer>> suffixes = new HashMap<>();
    Map<String, Integer> all = new HashMap<>();
    for (BrownCorpus.Sentence s : train) {
      for (int i = 0; i < s.words().length; i++) {
        String w = s.words()[i].toLowerCase(Locale.ROOT);
        String tag = s.tags()[i];
        words.computeIfAbsent(w, k -> new HashMap<>()).merge(tag, 1, Integer::sum);
        for (int k = 1; k <= Math.min(MAX_SUFFIX, w.length()); k++) {
          suffixes
              .computeIfAbsent(w.substring(w.length() - k), x -> new HashMap<>())
              .merge(tag, 1, Integer::sum);
        }
        all.merge(tag, 1, Integer::sum);
      }
    }
    words.forEach((w, counts) -> byWord.put(w, best(counts)));
    suffixes.forEach((x, counts) -> bySuffix.put(x, best(counts)));
    overall = all.isEmpty() ? "X" : best(all);
  }

  private static String best(Map<String, Integer> counts) {
    String best = null;
    int n = -1;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > n || (e.getValue() == n && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        n = e.getValue();
      }
    }
    return best;
  }

  /** The baseline's tags of a sentence. */
  String[] tag(String[] sentence) {
    String[] out = new String[sentence.length];
    for (int i = 0; i < sentence.length; i++) {
      String w = sentence[i].toLowerCase(Locale.ROOT);
      String t = byWord.get(w);
      for (int k = Math.min(MAX_SUFFIX, w.length()); t == null && k >= 1; k--) {
        t = bySuffix.get(w.substring(w.length() - k));
      }
      out[i] = t != null ? t : overall;
    }
    return out;
  }
}
