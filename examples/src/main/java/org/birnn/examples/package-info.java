/** Runnable examples, including the README main job. */
package org.birnn.examples;
