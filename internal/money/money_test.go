package money

import (
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, cur string
		minor   int64
		code    string
		out     string
	}{
		{"1200000.00", "CNY", 120000000, "", "1200000.00"},
		{"1200000", "CNY", 120000000, "", "1200000.00"},
		{"1200000.5", "RUB", 120000050, "", "1200000.50"},
		{"0.01", "USD", 1, "", "0.01"},
		{"007.10", "EUR", 710, "", "7.10"},
		{"1500", "JPY", 1500, "", "1500"},
		{"1500.0", "JPY", 1500, "", "1500"}, // trailing zeros are exact
		{"1500.5", "JPY", 0, CodeDecimals, ""},
		{"10000", "KRW", 10000, "", "10000"},
		{"1.234", "BHD", 1234, "", "1.234"},
		{"1.2345", "BHD", 0, CodeDecimals, ""},
		{"1.234", "IQD", 1234, "", "1.234"}, // ISO minor units, not CLDR's display digits
		{"1.005", "CNY", 0, CodeDecimals, ""},
		{"1.5e6", "CNY", 0, CodeSyntax, ""},
		{"1E6", "CNY", 0, CodeSyntax, ""},
		{"-5", "CNY", 0, CodeSyntax, ""},
		{"+5", "CNY", 0, CodeSyntax, ""},
		{" 5", "CNY", 0, CodeSyntax, ""},
		{"1,200", "CNY", 0, CodeSyntax, ""},
		{"1 200", "CNY", 0, CodeSyntax, ""},
		{".5", "CNY", 0, CodeSyntax, ""},
		{"5.", "CNY", 0, CodeSyntax, ""},
		{"", "CNY", 0, CodeSyntax, ""},
		{"NaN", "CNY", 0, CodeSyntax, ""},
		{"0x10", "CNY", 0, CodeSyntax, ""},
		{"١٢", "CNY", 0, CodeSyntax, ""}, // Arabic-Indic digits
		{"0", "CNY", 0, CodeRange, ""},
		{"0.00", "CNY", 0, CodeRange, ""},
		{"10000000000000.00", "CNY", 1_000_000_000_000_000, "", "10000000000000.00"},
		{"10000000000000.01", "CNY", 0, CodeRange, ""},
		{"99999999999999999999999", "CNY", 0, CodeRange, ""},
		{"1000000000000000", "JPY", 1_000_000_000_000_000, "", "1000000000000000"},
		{"5", "XXX", 0, CodeCurrency, ""},
		{"5", "DEM", 0, CodeCurrency, ""},
		{"5", "cny", 0, CodeCurrency, ""},
		{"5", "", 0, CodeCurrency, ""},
		{"5", "VES", 500, "", "5.00"},
	} {
		a, p := Parse(tc.in, tc.cur)
		switch {
		case tc.code != "":
			if p == nil || p.Code != tc.code {
				t.Errorf("Parse(%q, %s) = %+v, %+v; want %s", tc.in, tc.cur, a, p, tc.code)
			}
		case p != nil:
			t.Errorf("Parse(%q, %s): %+v", tc.in, tc.cur, p)
		case a.Minor != tc.minor || a.Currency != tc.cur || a.String() != tc.out:
			t.Errorf("Parse(%q, %s) = %+v (%s); want %d, %s", tc.in, tc.cur, a, a, tc.minor, tc.out)
		}
	}
}

func TestParseDecimalsParams(t *testing.T) {
	_, p := Parse("1.005", "CNY")
	if p.Params["currency"] != "CNY" || p.Params["max"] != 2 {
		t.Fatalf("params = %v", p.Params)
	}
	_, p = Parse("1.5", "JPY")
	if p.Params["max"] != 0 || p.Message != "JPY has no decimals" {
		t.Fatalf("JPY: %+v", p)
	}
}

func TestDigits(t *testing.T) {
	for cur, want := range map[string]int{"CNY": 2, "RUB": 2, "USD": 2, "EUR": 2, "JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3, "CLF": 4} {
		if d, ok := Digits(cur); !ok || d != want {
			t.Errorf("Digits(%s) = %d, %v; want %d", cur, d, ok, want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		in   string
		bp   Percent
		code string
		out  string
	}{
		{"12.5", 1250, "", "12.5"},
		{"12.50", 1250, "", "12.5"},
		{"100", 10000, "", "100"},
		{"0.01", 1, "", "0.01"},
		{"7", 700, "", "7"},
		{"0", 0, CodePercentRange, ""},
		{"100.01", 0, CodePercentRange, ""},
		{"1000", 0, CodePercentRange, ""},
		{"12.345", 0, CodePercentDecimals, ""},
		{"1.5e1", 0, CodePercentSyntax, ""},
		{"-5", 0, CodePercentSyntax, ""},
		{"12,5", 0, CodePercentSyntax, ""},
		{"99999999999999999999999", 0, CodePercentRange, ""},
	} {
		p, prob := ParsePercent(tc.in)
		switch {
		case tc.code != "":
			if prob == nil || prob.Code != tc.code {
				t.Errorf("ParsePercent(%q) = %v, %+v; want %s", tc.in, p, prob, tc.code)
			}
		case prob != nil:
			t.Errorf("ParsePercent(%q): %+v", tc.in, prob)
		case p != tc.bp || p.String() != tc.out:
			t.Errorf("ParsePercent(%q) = %d (%s); want %d, %s", tc.in, p, p, tc.bp, tc.out)
		}
	}
}

func TestDisplay(t *testing.T) {
	const nb = "\u00a0"
	for _, tc := range []struct {
		a      Amount
		locale string
		want   string
	}{
		{Amount{120000000, "CNY"}, "ru", "1" + nb + "200" + nb + "000,00" + nb + "CN¥"},
		{Amount{120000000, "RUB"}, "ru", "1" + nb + "200" + nb + "000,00" + nb + "₽"},
		{Amount{120000000, "CNY"}, "zh-Hans", "¥1,200,000.00"},
		{Amount{120000000, "RUB"}, "zh-Hans", "RUB" + nb + "1,200,000.00"},
		{Amount{120000000, "CNY"}, "en", "CN¥1,200,000.00"},
		{Amount{120000050, "USD"}, "en", "$1,200,000.50"},
		{Amount{1500, "JPY"}, "en", "¥1,500"},
		{Amount{1234, "BHD"}, "ru", "1,234" + nb + "BHD"},
	} {
		if got := Display(tc.a, tc.locale); got != tc.want {
			t.Errorf("Display(%v, %s) = %q; want %q", tc.a, tc.locale, got, tc.want)
		}
	}
}
