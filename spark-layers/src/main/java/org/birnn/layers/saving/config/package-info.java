/**
 * Keras config dicts: JSON helpers ({@link org.birnn.layers.saving.config.KerasJson}), the
 * declarative key tables every layer's config comes from ({@link
 * org.birnn.layers.saving.config.ConfigKey}, {@link org.birnn.layers.saving.config.ConfigTable})
 * and the one builder style over them ({@link org.birnn.layers.saving.config.LayerBuilder}).
 * Depends on no layer, so every package can use it.
 */
package org.birnn.layers.saving.config;
