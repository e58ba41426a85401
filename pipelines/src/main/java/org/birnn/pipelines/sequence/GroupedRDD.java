package org.birnn.pipelines.sequence;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;

/**
 * An RDD whose partition {@code i} is the partitions {@code groups[i]} of its parent, one after the
 * other: what {@code CoalescedRDD} does for a coalescer's groups, here with groups of our choosing
 * (a parent partition may be in two groups). Spark 3.5 takes a coalescer only if it is a {@code
 * scala.Serializable}, which no Java class can be on both Scala lines, so the blocks of {@link
 * TrainingRows} read their sub-buckets through this instead.
 *
 * @param <T> the element type
 */
final class GroupedRDD<T> extends RDD<T> {
  private static final long serialVersionUID = 1L;
  private final RDD<T> parent;
  private final int[][] groups;

  @SuppressWarnings("unchecked")
  GroupedRDD(RDD<T> parent, int[][] groups) {
    super(
        parent.context(),
        JavaConverters.asScalaBuffer(List.<Dependency<?>>of(new Groups<>(parent, groups))).toList(),
        (scala.reflect.ClassTag<T>) (Object) scala.reflect.ClassTag$.MODULE$.AnyRef());
    this.parent = parent;
    this.groups = groups;
  }

  @Override
  public Partition[] getPartitions() {
    Partition[] out = new Partition[groups.length];
    for (int i = 0; i < groups.length; i++) {
      out[i] = new Group(i);
    }
    return out;
  }

  @Override
  public scala.collection.Iterator<T> compute(Partition split, TaskContext context) {
    Partition[] from = parent.partitions();
    int[] members = groups[split.index()];
    Iterator<T> chained =
        new Iterator<>() {
          private int next;
          private Iterator<T> current = java.util.Collections.emptyIterator();

          @Override
          public boolean hasNext() {
            while (!current.hasNext() && next < members.length) {
              current =
                  JavaConverters.asJavaIterator(parent.iterator(from[members[next++]], context));
            }
            return current.hasNext();
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return current.next();
          }
        };
    return JavaConverters.asScalaIterator(chained);
  }

  /** Partition {@code index}: one group. */
  private record Group(int index) implements Partition {}

  /** Each partition depends on its group's parent partitions. */
  private static final class Groups<T> extends NarrowDependency<T> {
    private static final long serialVersionUID = 1L;
    private final int[][] groups;

    Groups(RDD<T> parent, int[][] groups) {
      super(parent);
      this.groups = groups;
    }

    @Override
    public scala.collection.immutable.List<Object> getParents(int partitionId) {
      java.util.List<Object> ids = new java.util.ArrayList<>();
      for (int p : groups[partitionId]) {
        ids.add(p);
      }
      return JavaConverters.asScalaBuffer(ids).toList();
    }
  }
}
