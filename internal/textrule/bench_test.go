package textrule

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A long synopsis in Russian and Chinese: the longest text fields validated.
var benchText = strings.Repeat("Шёлковый путь — 丝绸之路, a road across two countries.\n", 300)

// BenchmarkCheck is the rule applied to every text field.
func BenchmarkCheck(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		if Check(benchText, MultiLine) != nil {
			b.Fatal("refused")
		}
	}
}

// BenchmarkValidStringBaseline is the check it replaced (UTF-8 validity only).
func BenchmarkValidStringBaseline(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		if !utf8.ValidString(benchText) {
			b.Fatal("invalid")
		}
	}
}
