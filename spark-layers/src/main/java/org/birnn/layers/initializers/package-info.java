/** Keras 3 weight initializers (Glorot, He, LeCun, orthogonal, constants, random). */
package org.birnn.layers.initializers;
