/** Keras 3 optimizers (SGD, RMSprop, Adam, Adagrad) over one flat parameter vector. */
package org.birnn.layers.optimizers;
