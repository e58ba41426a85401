/** Spark ML stages around the bidirectional layers of {@code spark-layers}. */
package org.birnn.pipelines;
