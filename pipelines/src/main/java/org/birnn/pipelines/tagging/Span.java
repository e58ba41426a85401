package org.birnn.pipelines.tagging;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An entity span of a tagged sequence, found as the CoNLL evaluation script ({@code conlleval})
 * finds chunks: tags are {@code O} or {@code PREFIX-TYPE} with a prefix of {@code B}, {@code I},
 * {@code E} or {@code S} (IOB1, IOB2/BIO and IOBES); a chunk starts at a {@code B} or {@code S}, at
 * an {@code I} or {@code E} after {@code O} or after a chunk's end, or where the type changes, and
 * ends where the next one starts or at {@code O}.
 *
 * @param start first token
 * @param end last token, inclusive
 * @param type the entity type
 */
record Span(int start, int end, String type) implements Serializable {
  /**
   * The spans of one sequence.
   *
   * @throws IllegalArgumentException for a tag that is neither {@code O} nor {@code PREFIX-TYPE}
   */
  static Set<Span> of(List<String> tags) {
    Set<Span> spans = new HashSet<>();
    String prevPrefix = "O";
    String prevType = "";
    int start = -1;
    for (int t = 0; t <= tags.size(); t++) {
      String tag = t < tags.size() ? tags.get(t) : "O";
      String prefix;
      String type;
      if (tag.equals("O")) {
        prefix = "O";
        type = "";
      } else {
        int dash = tag.indexOf('-');
        prefix = dash == 1 ? tag.substring(0, 1) : "";
        if (!"BIES".contains(prefix) || prefix.isEmpty()) {
          throw new IllegalArgumentException(
              "Span metrics need tags O or B-, I-, E-, S-TYPE (BIO, IOB or IOBES); received '"
                  + tag
                  + "' at token "
                  + t);
        }
        type = tag.substring(2);
      }
      if (start >= 0 && endsChunk(prevPrefix, prefix, prevType, type)) {
        spans.add(new Span(start, t - 1, prevType));
        start = -1;
      }
      if (startsChunk(prevPrefix, prefix, prevType, type)) {
        start = t;
      }
      prevPrefix = prefix;
      prevType = type;
    }
    return spans;
  }

  private static boolean endsChunk(String prev, String tag, String prevType, String type) {
    if (prev.equals("E") || prev.equals("S")) {
      return true;
    }
    if ((prev.equals("B") || prev.equals("I"))
        && (tag.equals("B") || tag.equals("S") || tag.equals("O"))) {
      return true;
    }
    return !prev.equals("O") && !prevType.equals(type);
  }

  private static boolean startsChunk(String prev, String tag, String prevType, String type) {
    if (tag.equals("B") || tag.equals("S")) {
      return true;
    }
    if ((prev.equals("E") || prev.equals("S") || prev.equals("O"))
        && (tag.equals("I") || tag.equals("E"))) {
      return true;
    }
    return !tag.equals("O") && !prevType.equals(type);
  }
}
