/**
 * Serialization ({@code keras/src/saving}): the registry of layer classes that configs name, the
 * Keras 3 serialized form {@code {"module", "class_name", "config", "build_config"}}, and the JSON
 * helpers that read and write Keras configs.
 */
package org.birnn.layers.saving;
