/** Keras accuracy metrics. */
package org.birnn.layers.metrics;
