package search

import (
	"strings"
	"unsafe"
)

// strArena keeps the in-memory index's many small strings (keys, terms,
// title ids, localized titles) in large byte blocks. As separate
// allocations they took about three times their length at a million titles
// (size classes and headers) and gave the collector millions of objects; in
// blocks, one allocation holds thousands and holds no pointers to scan.
// A block lives as long as any string in it: strings of replaced titles
// stay until their block's other strings are gone too.
type strArena struct {
	block []byte
}

const arenaBlock = 1 << 20

// intern returns a copy of s held in the arena.
func (a *strArena) intern(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) > arenaBlock/16:
		return strings.Clone(s)
	case len(a.block)+len(s) > cap(a.block):
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, s...)
	// The bytes are never written again: the block only grows past them.
	return unsafe.String(&a.block[start], len(s))
}
