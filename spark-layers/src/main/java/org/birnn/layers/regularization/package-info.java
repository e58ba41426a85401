/**
 * Regularization layers ({@code keras/src/layers/regularization}): {@link
 * org.birnn.layers.regularization.Dropout}.
 */
package org.birnn.layers.regularization;
