/**
 * Keras's own files: {@code .keras} archives and {@code .weights.h5} weight files read into the
 * library's models by Keras's saving walk ({@link org.birnn.layers.saving.keras.KerasWeights}),
 * through one HDF5 reader ({@link org.birnn.layers.saving.keras.Hdf5}).
 */
package org.birnn.layers.saving.keras;
