/** Text feature stages: {@link org.birnn.pipelines.text.TokenIndexer} maps tokens to ids. */
package org.birnn.pipelines.text;
