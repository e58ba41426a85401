package org.birnn.pipelines.tagging;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.birnn.pipelines.spark.SparkRows;

/**
 * The tags of one row, read from an {@code array<string>} or {@code array<int>} column of internal
 * rows as tag indices, and the tag vocabulary of a column of names.
 */
final class TagColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String col;
  private final DataType element;

  /** The limit of a column read without a model: the largest index a Java array can hold. */
  private static final int NO_LIMIT = Integer.MAX_VALUE - 8;

  private final Map<String, Integer> index;
  private final int limit;

  /**
   * @param names the tag vocabulary for a column of names, {@code null} for a column of indices
   */
  TagColumns(String col, DataType type, String[] names) {
    this(col, type, names, NO_LIMIT);
  }

  /**
   * @param names the tag vocabulary for a column of names, {@code null} for a column of indices
   * @param limit tag indices must be below it (a model's number of tags)
   */
  TagColumns(String col, DataType type, String[] names, int limit) {
    this.col = col;
    this.limit = limit;
    this.element = ((ArrayType) type).elementType();
    if (names == null) {
      this.index = null;
    } else {
      this.index = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        index.put(names[i], i);
      }
    }
  }

  /**
   * The tag names of {@code col}, most frequent first (ties by name), with one Spark job.
   *
   * @throws IllegalArgumentException when the column holds no tag at all
   */
  static String[] vocabulary(Dataset<?> dataset, String col) {
    List<Row> counts =
        dataset
            .select(functions.explode(functions.col(col)).as("tag"))
            .where(functions.col("tag").isNotNull())
            .groupBy("tag")
            .count()
            .orderBy(functions.col("count").desc(), functions.col("tag").asc())
            .collectAsList();
    List<String> names = new ArrayList<>();
    for (Row r : counts) {
      names.add(r.getString(0));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("Column '" + col + "' holds no tags");
    }
    return names.toArray(new String[0]);
  }

  /**
   * The first {@code length} tag indices of {@code row}'s column {@code idx}, whose sequence in
   * column {@code featuresIdx} has {@code steps} steps before any truncation.
   *
   * @throws SparkRows.InvalidRowException for null tags, an unknown or negative tag, or a tag array
   *     whose length is not the sequence's
   */
  int[] read(InternalRow row, int idx, int featuresIdx, String featuresCol, int length) {
    if (row.isNullAt(idx)) {
      throw new SparkRows.InvalidRowException("Column '" + col + "' has null tags");
    }
    ArrayData tags = row.getArray(idx);
    int steps = row.getArray(featuresIdx).numElements();
    if (tags.numElements() != steps) {
      throw new SparkRows.InvalidRowException(
          "A row has "
              + steps
              + " steps in column '"
              + featuresCol
              + "' but "
              + tags.numElements()
              + " tags in column '"
              + col
              + "'; give one tag per step");
    }
    int[] out = new int[length];
    for (int t = 0; t < length; t++) {
      if (tags.isNullAt(t)) {
        throw new SparkRows.InvalidRowException("Column '" + col + "' has a null tag at step " + t);
      }
      out[t] = index != null ? named(tags.getUTF8String(t).toString(), t) : number(tags, t);
    }
    return out;
  }

  private int named(String tag, int t) {
    Integer i = index.get(tag);
    if (i == null) {
      throw new SparkRows.InvalidRowException(
          "Column '"
              + col
              + "' has tag '"
              + tag
              + "' at step "
              + t
              + ", which is not among the "
              + index.size()
              + " tags the model knows");
    }
    return i;
  }

  private int number(ArrayData tags, int t) {
    long v = ((Number) tags.get(t, element)).longValue();
    if (v < 0) {
      throw new SparkRows.InvalidRowException(
          "Column '"
              + col
              + "' must hold tag indices 0, 1, 2, ...; received "
              + v
              + " at step "
              + t);
    }
    if (v >= limit) {
      boolean model = limit != NO_LIMIT;
      throw new SparkRows.InvalidRowException(
          "Column '"
              + col
              + "' has tag index "
              + v
              + " at step "
              + t
              + (model
                  ? ", which is not below the " + limit + " tags the model knows"
                  : ", too large for a tag index"));
    }
    return (int) v;
  }
}
