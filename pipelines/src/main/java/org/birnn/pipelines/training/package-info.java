/**
 * Distributed training by parameter averaging: data preparation (length-bucketed minibatches per
 * worker), the executor step, the driver's averaging loop, and checkpoints.
 */
package org.birnn.pipelines.training;
