/**
 * The sequence-kernel contract: runs a {@link org.birnn.layers.rnn.cells.RecurrentCell} over a
 * time-major batch {@code [time, batch, features]} forward and backward. {@link
 * org.birnn.layers.rnn.Kernels} gives the reference loop and the oneDNN kernel.
 */
package org.birnn.layers.rnn.kernels;
