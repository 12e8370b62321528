// Package memo remembers a pure function's results for recently seen
// inputs, in bounded memory.
//
// Search ranking re-analyzes every candidate's names and titles on every
// query, and the same words come back all the time: a search for "Денисов"
// scores fifty people, most of them Денисовы with a handful of common given
// names, and the Russian stemmer alone was a fifth of that search's CPU.
// Choosing a display language parses the same few language tags for every
// hit.
package memo

import "sync"

// Memo keeps two generations of at most max results each: when the newer
// fills, the older is dropped, so an input used at least once per max new
// inputs stays while memory stays bounded whatever the input (query text,
// imported records) is. Safe for concurrent use.
type Memo[V any] struct {
	f   func(string) V
	max int

	mu       sync.Mutex
	cur, old map[string]V
}

// New returns a memo of f keeping up to 2*max results. f may be nil for a
// memo used through Peek and Put only.
func New[V any](max int, f func(string) V) *Memo[V] {
	return &Memo[V]{f: f, max: max, cur: make(map[string]V)}
}

// Get returns f(in), computed at most once while in stays in the memo. The
// result is shared between callers, who must not modify it.
func (m *Memo[V]) Get(in string) V {
	if v, ok := m.Peek(in); ok {
		return v
	}
	v := m.f(in)
	m.Put(in, v)
	return v
}

// Peek returns the result remembered for in, if any, without computing it
// (for a memo whose results are computed by the caller, several in one go,
// and handed to Put).
func (m *Memo[V]) Peek(in string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.cur[in]
	if !ok {
		if v, ok = m.old[in]; ok {
			m.put(in, v)
		}
	}
	return v, ok
}

// Put remembers v as the result for in.
func (m *Memo[V]) Put(in string, v V) {
	m.mu.Lock()
	m.put(in, v)
	m.mu.Unlock()
}

// put adds in under m.mu, starting a new generation when the current one
// is full.
func (m *Memo[V]) put(in string, v V) {
	if len(m.cur) >= m.max {
		m.old, m.cur = m.cur, make(map[string]V, m.max)
	}
	m.cur[in] = v
}

// Len is how many results the memo holds (both generations).
func (m *Memo[V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.cur) + len(m.old)
}
