/**
 * The layer contract, as Keras's {@code keras.layers.Layer}: {@link org.birnn.layers.Layer}
 * (config, build, weights in Keras order, a forward call), its base class {@link
 * org.birnn.layers.BaseLayer} for layers configured through a key table, the result of one call
 * {@link org.birnn.layers.LayerCall} (outputs, masks, and a backward pass giving one {@link
 * org.birnn.layers.LayerCall.Gradients} for every layer), and {@link org.birnn.layers.KerasTensor}
 * for functional graphs. The layers themselves live in the sub-packages of Keras's map: {@code
 * core}, {@code rnn}, {@code merging}, {@code pooling}, {@code regularization}.
 *
 * <p>Shapes follow Keras: sequences {@code [batch, time, features]}, masks {@code [batch, time]},
 * weights in Keras order and layout. Configs read and write Keras 3 JSON.
 */
package org.birnn.layers;
