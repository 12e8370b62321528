package search

import "hash/maphash"

// rebuildVocabulary holds a rebuild's words back and writes each once, at
// the end. Every batch of titles used to send all its words to the store,
// which looked each one up in the vocabulary's key only to find it there
// (after the first hundred thousand titles nearly all of them are), and
// then wrote each new word into a random place of the key's B-tree: at a
// million titles with their people, a fifth of a SQLite rebuild's CPU. Now
// a batch is written without its words; the rebuild remembers the words it
// has seen (as 64-bit hashes: a collision, about one chance in 10^7 at a
// million words, only leaves that word out of typo and completion
// look-ups) and keeps each new one, and SearchVocabularyAdd writes them all
// in the key's order once the titles are in.
//
// A title that changed while the rebuild read it is not written (the
// follower writes its new version with all its words); the words it
// brought are written all the same, so a word only its old version had
// stays in the vocabulary, as the words of a deleted title do. A typo or
// completion look-up that lands on such a word finds no title with it.
type rebuildVocabulary struct {
	seed maphash.Seed
	seen map[uint64]struct{}
	held []string
}

// maxRemembered bounds the memory a rebuild spends on this (about 40 bytes
// a word for its hash, and the word itself until the end); past it, further
// new words are sent with their batch every time, as before.
const maxRemembered = 4_000_000

func newRebuildVocabulary() *rebuildVocabulary {
	return &rebuildVocabulary{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}}
}

// holdBack takes docs' words out of them: the new ones into held, the ones
// seen before dropped. Past maxRemembered words, new ones stay in their doc.
func (v *rebuildVocabulary) holdBack(docs []Doc) {
	for i := range docs {
		terms := docs[i].Keys.Terms[:0:0]
		for _, t := range docs[i].Keys.Terms {
			h := maphash.String(v.seed, t)
			if _, ok := v.seen[h]; ok {
				continue
			}
			if len(v.seen) >= maxRemembered {
				terms = append(terms, t)
				continue
			}
			v.seen[h] = struct{}{}
			v.held = append(v.held, t)
		}
		docs[i].Keys.Terms = terms
	}
}
