/**
 * Internal plumbing (JSON helpers, the reference sequence kernel, tensor utilities). Not a public
 * API: it may change in any release.
 */
package org.birnn.layers.internal;
