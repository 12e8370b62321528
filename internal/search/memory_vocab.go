package search

import (
	"sort"
	"unicode/utf8"
)

// memVocab is the in-memory index's vocabulary: the Terms of every title
// ever added, by length in runes (as the store's search_terms counts them),
// each sorted as written and reversed (ReverseKey), so that a TermRange is
// a binary search.
type memVocab struct {
	loading map[string]struct{} // while the index loads; finish sorts it into buckets
	buckets map[int]*vocabBucket
	strs    *strArena
}

type vocabBucket struct {
	terms, revs sortedStrings
}

// newMemVocab returns an empty vocabulary keeping its terms in its own
// arena, which the index shares.
func newMemVocab() *memVocab {
	return &memVocab{loading: map[string]struct{}{}, buckets: map[int]*vocabBucket{}, strs: &strArena{}}
}

func (v *memVocab) add(terms []string) {
	for _, t := range terms {
		if v.loading != nil {
			v.loading[t] = struct{}{}
			continue
		}
		b := v.bucket(utf8.RuneCountInString(t))
		if !b.terms.has(t) {
			b.terms.insert(v.strs.intern(t))
			b.revs.insert(v.strs.intern(ReverseKey(t)))
		}
	}
}

func (v *memVocab) bucket(runes int) *vocabBucket {
	b := v.buckets[runes]
	if b == nil {
		b = &vocabBucket{}
		v.buckets[runes] = b
	}
	return b
}

// finish ends loading: the terms gathered are sorted into their buckets.
func (v *memVocab) finish() {
	for t := range v.loading {
		b := v.bucket(utf8.RuneCountInString(t))
		b.terms.base = append(b.terms.base, v.strs.intern(t))
		b.revs.base = append(b.revs.base, v.strs.intern(ReverseKey(t)))
	}
	v.loading = nil
	for _, b := range v.buckets {
		sort.Strings(b.terms.base)
		sort.Strings(b.revs.base)
	}
}

// moveTo copies every term into strs, which becomes the vocabulary's arena.
func (v *memVocab) moveTo(strs *strArena) {
	for _, b := range v.buckets {
		for _, ss := range []*sortedStrings{&b.terms, &b.revs} {
			for i, t := range ss.base {
				ss.base[i] = strs.intern(t)
			}
			for i, t := range ss.extra {
				ss.extra[i] = strs.intern(t)
			}
		}
	}
	v.strs = strs
}

// size is the number of terms.
func (v *memVocab) size() int {
	n := len(v.loading)
	for _, b := range v.buckets {
		n += len(b.terms.base) + len(b.terms.extra)
	}
	return n
}

// find calls fn with each term in r, in the order of r's column, up to
// r.Limit of them when it is set; fn returns false to stop.
func (v *memVocab) find(r TermRange, fn func(string) bool) {
	b := v.buckets[r.Runes]
	if b == nil {
		return
	}
	list, back := &b.terms, func(s string) string { return s }
	if r.Reversed {
		list, back = &b.revs, ReverseKey
	}
	n := 0
	list.scan(r.Prefix, r.Prefix+"\U0010FFFF", func(s string) bool {
		n++
		return fn(back(s)) && (r.Limit <= 0 || n < r.Limit)
	})
}

// sortedStrings is a sorted set: a large sorted base and a small sorted
// list of strings added since, merged into the base when it grows, so that
// adding a word to a vocabulary of a million costs a short copy.
type sortedStrings struct {
	base, extra []string
}

// has reports whether s is in the set.
func (ss *sortedStrings) has(s string) bool {
	if i := sort.SearchStrings(ss.base, s); i < len(ss.base) && ss.base[i] == s {
		return true
	}
	i := sort.SearchStrings(ss.extra, s)
	return i < len(ss.extra) && ss.extra[i] == s
}

// insert adds s unless it is there; it reports whether it was added.
func (ss *sortedStrings) insert(s string) bool {
	if ss.has(s) {
		return false
	}
	i := sort.SearchStrings(ss.extra, s)
	ss.extra = append(ss.extra, "")
	copy(ss.extra[i+1:], ss.extra[i:])
	ss.extra[i] = s
	if len(ss.extra) > 1024 && len(ss.extra) > len(ss.base)/32 {
		merged := make([]string, 0, len(ss.base)+len(ss.extra))
		ss.scan("", "", func(s string) bool { merged = append(merged, s); return true })
		ss.base, ss.extra = merged, nil
	}
	return true
}

// scan calls fn with the strings in [lo, hi) in order until it returns
// false; an empty hi is no bound.
func (ss *sortedStrings) scan(lo, hi string, fn func(string) bool) {
	a, b := ss.base[sort.SearchStrings(ss.base, lo):], ss.extra[sort.SearchStrings(ss.extra, lo):]
	for len(a) > 0 || len(b) > 0 {
		var s string
		if len(b) == 0 || len(a) > 0 && a[0] < b[0] {
			s, a = a[0], a[1:]
		} else {
			s, b = b[0], b[1:]
		}
		if hi != "" && s >= hi || !fn(s) {
			return
		}
	}
}
