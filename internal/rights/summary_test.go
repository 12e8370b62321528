package rights

import (
	"slices"
	"strings"
	"testing"
)

func TestSummariseTerritories(t *testing.T) {
	minus := func(group string, out ...string) []string {
		var codes []string
		for _, c := range GroupMembers(group) {
			if !slices.Contains(out, c) {
				codes = append(codes, c)
			}
		}
		return codes
	}
	for _, c := range []struct {
		codes        []string
		base, except string
	}{
		{minus("WORLD"), "WORLD", ""},
		{minus("WORLD", "RU", "BY"), "WORLD", "BY,RU"},
		{minus("EU", "FR"), "EU", "FR"},
		{minus("DACH"), "DACH", ""},
		{[]string{"DE"}, "DE", ""},                                         // not "DACH except AT, CH"
		{[]string{"RU", "CN"}, "CN,RU", ""},                                // no group fits: the countries
		{minus("WORLD", "RU", "BY", "KZ", "UZ", "KG", "TJ", "AM"), "", ""}, // too many exclusions
	} {
		base, except := SummariseTerritories(c.codes)
		if c.base == "" {
			if len(except) != 0 || len(base) != len(c.codes) {
				t.Errorf("%d countries: %v except %v, want the countries", len(c.codes), base, except)
			}
			continue
		}
		if got := strings.Join(base, ","); got != c.base || strings.Join(except, ",") != c.except {
			t.Errorf("%d countries: %s except %v, want %s except %s", len(c.codes), got, except, c.base, c.except)
		}
	}
}

func TestSummariseMedia(t *testing.T) {
	var most []Media
	for _, m := range AllMedia {
		if m != FreeTV {
			most = append(most, m)
		}
	}
	if all, except := SummariseMedia(most); !all || len(except) != 1 || except[0] != FreeTV {
		t.Errorf("all but free TV = %v, %v", all, except)
	}
	if all, except := SummariseMedia(AllMedia); !all || len(except) != 0 {
		t.Errorf("every medium = %v, %v", all, except)
	}
	if all, _ := SummariseMedia([]Media{SVOD, AVOD}); all {
		t.Error("two media summarised as all")
	}
}
