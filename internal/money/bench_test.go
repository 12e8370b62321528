package money

import (
	"strconv"
	"testing"
)

// BenchmarkParse reads a fee as the API receives it.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, p := Parse("1200000.00", "CNY"); p != nil {
			b.Fatal(p)
		}
	}
}

// BenchmarkParseIntBaseline is the floor: strconv reading the same digits
// as an integer, without the currency lookup or the decimal rules.
func BenchmarkParseIntBaseline(b *testing.B) {
	for b.Loop() {
		if _, err := strconv.ParseInt("120000000", 10, 64); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDisplay formats a fee for a Russian reader (the request page
// does this for every amount it shows).
func BenchmarkDisplay(b *testing.B) {
	a := Amount{Minor: 120000000, Currency: "CNY"}
	for b.Loop() {
		if Display(a, "ru") == "" {
			b.Fatal("empty")
		}
	}
}

// BenchmarkStringBaseline is the plain decimal string of the same amount.
func BenchmarkStringBaseline(b *testing.B) {
	a := Amount{Minor: 120000000, Currency: "CNY"}
	for b.Loop() {
		if a.String() == "" {
			b.Fatal("empty")
		}
	}
}
