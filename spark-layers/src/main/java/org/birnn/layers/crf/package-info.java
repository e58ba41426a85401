/**
 * A linear-chain conditional random field output for sequence tagging ({@link
 * org.birnn.layers.crf.CRF}), as {@code tensorflow_addons.layers.CRF} and keras-contrib's {@code
 * CRF} added to Keras: per-step tag scores from the layers below, a learned tag-transition matrix,
 * training by the log-likelihood of the forward algorithm and decoding by Viterbi.
 */
package org.birnn.layers.crf;
