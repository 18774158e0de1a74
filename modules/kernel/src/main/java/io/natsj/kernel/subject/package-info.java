/**
 * Subjects and the per-account subscription index: a trie of subject tokens, matched without
 * locks; each publishing connection keeps its own small cache of match results, invalidated
 * by the index's generation number.
 */
package io.natsj.kernel.subject;
