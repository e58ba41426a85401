/**
 * Internal plumbing (the reference sequence kernel, tensor utilities, names, the directions' thread
 * pair). Not a public API: it may change in any release.
 */
package org.birnn.layers.internal;
