/** Utilities, as {@code keras.utils}: reproducible seeding of layer weights and dropout. */
package org.birnn.layers.utils;
