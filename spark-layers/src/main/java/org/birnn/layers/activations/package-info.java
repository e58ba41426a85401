/** Element-wise activation functions with Keras names, formulas and derivatives. */
package org.birnn.layers.activations;
