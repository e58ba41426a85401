/** Persistence plumbing shared by the stages. */
package org.birnn.pipelines.persist;
