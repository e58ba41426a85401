/** Keras 3 L1/L2 weight and activity penalties. */
package org.birnn.layers.regularizers;
