// Package search finds catalogue titles across Chinese, Russian and English
// and across scripts.
//
// One analyzer, written once here, turns text into search keys for every
// storage backend: Unicode NFKC normalisation and case folding, Traditional
// to Simplified Chinese, CJK characters and bigrams (so any run of two or more
// characters matches and a single character still finds something), ё→е,
// Snowball stemming for Russian and English, pinyin syllables for Chinese and
// GOST 7.79-B, BGN/PCGN and ICAO romanizations for Cyrillic. The store keeps
// the keys in the database (SQLite FTS5, PostgreSQL tsvector with GIN) and
// finds candidates; this package ranks them (exact and whole-title matches
// above partial ones, own-script matches above transliterated ones, one typo
// forgiven in longer words) and marks what matched.
//
// The index is derived data. An Indexer in every server process follows the
// catalogue change log in the database, so a change committed by any process
// becomes searchable within a second; Rebuild recreates the index from the
// catalogue.
package search
