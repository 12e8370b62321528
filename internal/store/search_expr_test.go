package store

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/search"
)

// TestQueryExpressionsQuoteKeys checks both engines' renderings of the same
// terms, with keys that hold each engine's quote characters.
func TestQueryExpressionsQuoteKeys(t *testing.T) {
	terms := [][]search.Alt{
		{{Keys: []string{`o"k`}}, {Keys: []string{"^hongsi", "^sichou"}, Extra: true}},
		{{Keys: []string{`it's\`}}},
	}
	if got, want := fts5Expr(terms), `(("o""k") OR ("^hongsi" AND "^sichou")) AND (("it's\"))`; got != want {
		t.Errorf("fts5Expr = %s, want %s", got, want)
	}
	if got, want := tsqueryExpr(terms), `(('o"k') | ('^hongsi' & '^sichou')) & (('it''s\\'))`; got != want {
		t.Errorf("tsqueryExpr = %s, want %s", got, want)
	}
}
