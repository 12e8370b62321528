package search

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/search/relevance"
)

// BenchmarkAnalyzeTitles analyzes every localized title of the relevance
// catalogue (Chinese, Russian, English), as ranking does for each
// candidate of every query. The analysis memos are warm after the first
// pass, as in a running hub.
func BenchmarkAnalyzeTitles(b *testing.B) {
	var texts []string
	for _, f := range relevance.Titles() {
		for _, l := range f.Localizations {
			texts = append(texts, l.Title)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			analyzeDoc(t)
		}
	}
}
