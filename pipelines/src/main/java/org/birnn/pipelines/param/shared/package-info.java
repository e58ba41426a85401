/** Small param interfaces shared by the stages, named like Spark's {@code sharedParams}. */
package org.birnn.pipelines.param.shared;
