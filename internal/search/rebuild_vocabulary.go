package search

import "hash/maphash"

// rebuildVocabulary spares a rebuild from offering the vocabulary the same
// words again. Every batch of titles used to send all its words to the
// store, which looked each one up in the vocabulary's key only to find it
// there: after the first hundred thousand titles nearly all of them are,
// and those look-ups were a third of the writer's time at a million
// titles. The rebuild started from an empty vocabulary, so a word it has
// written is there; it remembers them (as 64-bit hashes: a collision, about
// one chance in 10^7 at a million words, only leaves that word out of typo
// and completion look-ups) and sends only new ones.
//
// A title that changed while the rebuild read it is not written (the
// follower writes its new version with all its words); the words it
// brought are remembered all the same, so a word only it carried into the
// rebuild and its new version no longer has stays out of the vocabulary
// until another title with it is written.
type rebuildVocabulary struct {
	seed maphash.Seed
	seen map[uint64]struct{}
}

// maxRemembered bounds the memory a rebuild spends on this (about 40 bytes
// a word); past it, further new words are sent every time, as before.
const maxRemembered = 4_000_000

func newRebuildVocabulary() *rebuildVocabulary {
	return &rebuildVocabulary{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}}
}

// onlyNew drops from docs' Terms the words already written, and returns
// the hashes of those left, to remember once the batch is written.
func (v *rebuildVocabulary) onlyNew(docs []Doc) []uint64 {
	var added []uint64
	batch := map[uint64]struct{}{}
	for i := range docs {
		terms := docs[i].Keys.Terms[:0:0]
		for _, t := range docs[i].Keys.Terms {
			h := maphash.String(v.seed, t)
			if _, ok := v.seen[h]; ok {
				continue
			}
			terms = append(terms, t)
			if _, ok := batch[h]; !ok {
				batch[h] = struct{}{}
				added = append(added, h)
			}
		}
		docs[i].Keys.Terms = terms
	}
	return added
}

func (v *rebuildVocabulary) remember(hashes []uint64) {
	for _, h := range hashes {
		if len(v.seen) >= maxRemembered {
			return
		}
		v.seen[h] = struct{}{}
	}
}
