/**
 * Adapters to Spark APIs that are not stable across Spark versions: {@link
 * org.birnn.pipelines.spark.SparkMlPersistence} (MLlib's metadata reader and writer) and {@link
 * org.birnn.pipelines.spark.SparkRows} (internal rows). Everything else uses public, stable APIs.
 */
package org.birnn.pipelines.spark;
