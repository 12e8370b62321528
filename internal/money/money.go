// Package money holds sums of money as integer minor units of an ISO 4217
// currency, parsed from and printed as plain decimal strings. No float ever
// carries an amount: a float cannot hold 0.10 exactly, and a fee that changes
// by a cent between the offer and the licence is a dispute.
//
// The currency table (codes and minor-unit exponents) is CLDR's, as kept by
// github.com/bojanz/currency: it lists the currencies in use today with
// ISO 4217's minor units (IQD 3, IDR 2). golang.org/x/text/currency was
// considered first, but its table also accepts withdrawn codes (DEM), lacks
// current ones (VES, SLE, ZWG) and uses CLDR's display digits instead of ISO's
// minor units (IQD 0).
package money

import (
	"fmt"
	"strings"

	bc "github.com/bojanz/currency"
)

// MaxMinor bounds an amount: 10^15 minor units (ten trillion yuan, a
// trillion dinars) is far above any licence fee and far below int64's range,
// so sums of a few dozen instalments cannot overflow.
const MaxMinor int64 = 1_000_000_000_000_000

// maxInput bounds the length of a decimal string before it is looked at.
const maxInput = 40

// Amount is a sum in integer minor units of Currency (ISO 4217, e.g. 120000000
// CNY is 1 200 000.00 yuan).
type Amount struct {
	Minor    int64
	Currency string
}

// Codes of the problems parsing reports; interfaces word them from the code
// and its parameters.
const (
	// CodeCurrency: not a current ISO 4217 code. Params: currency.
	CodeCurrency = "money.currency"
	// CodeSyntax: not a plain decimal such as 1200000.00 (signs, exponents,
	// spaces, separators). Params: none.
	CodeSyntax = "money.syntax"
	// CodeDecimals: more decimals than the currency has. Params: currency, max.
	CodeDecimals = "money.decimals"
	// CodeRange: zero, or more than MaxMinor minor units. Params: currency, max.
	CodeRange = "money.range"
)

// Problem is a broken rule: a stable code, its parameters and an English message.
type Problem struct {
	Code    string
	Params  map[string]any
	Message string
}

func (p *Problem) Error() string { return p.Message }

// Digits returns the number of minor-unit digits of an ISO 4217 currency
// (CNY 2, JPY 0, BHD 3); ok is false for a code that is not current ISO 4217.
// Codes are upper case.
func Digits(currency string) (digits int, ok bool) {
	if len(currency) != 3 || strings.ToUpper(currency) != currency {
		return 0, false
	}
	d, ok := bc.GetDigits(currency)
	return int(d), ok
}

// Known reports whether currency is a current ISO 4217 code.
func Known(currency string) bool {
	_, ok := Digits(currency)
	return ok
}

// Parse reads a positive decimal amount of currency: digits, optionally a
// point and at most as many decimals as the currency has ("1200000.00",
// "1200000" CNY; "1500" JPY). Refused: signs, exponents, spaces, group
// separators, a leading or trailing point, zero, and more than MaxMinor
// minor units.
func Parse(s, currency string) (Amount, *Problem) {
	digits, ok := Digits(currency)
	if !ok {
		return Amount{}, &Problem{Code: CodeCurrency, Params: map[string]any{"currency": currency},
			Message: fmt.Sprintf("%q is not an ISO 4217 currency code", currency)}
	}
	minor, p := parseScaled(s, digits)
	if p != nil {
		switch p.Code {
		case CodeDecimals:
			p.Params = map[string]any{"currency": currency, "max": digits}
			p.Message = fmt.Sprintf("%s has %d decimals", currency, digits)
			if digits == 0 {
				p.Message = currency + " has no decimals"
			}
		case CodeRange:
			p.Params = map[string]any{"currency": currency, "max": format(MaxMinor, digits)}
			p.Message = fmt.Sprintf("must be more than 0 and at most %s", format(MaxMinor, digits))
		}
		return Amount{}, p
	}
	return Amount{Minor: minor, Currency: currency}, nil
}

// parseScaled reads a decimal string with at most scale decimals as an
// integer count of 10^-scale, refusing zero and anything over MaxMinor. Its
// problems carry codes only; callers add the parameters of their unit.
func parseScaled(s string, scale int) (int64, *Problem) {
	syntax := &Problem{Code: CodeSyntax, Message: "must be a plain decimal number such as 1200000.00, without exponent, sign or separators"}
	if s == "" || len(s) > maxInput {
		return 0, syntax
	}
	whole, frac, dotted := strings.Cut(s, ".")
	if whole == "" || (dotted && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return 0, syntax
	}
	frac = strings.TrimRight(frac, "0") // 12.50 CNY and 1500.0 JPY are exact
	if len(frac) > scale {
		return 0, &Problem{Code: CodeDecimals}
	}
	var n int64
	for _, c := range strings.TrimLeft(whole, "0") + frac + strings.Repeat("0", scale-len(frac)) {
		n = n*10 + int64(c-'0')
		if n > MaxMinor {
			return 0, &Problem{Code: CodeRange}
		}
	}
	if n == 0 {
		return 0, &Problem{Code: CodeRange}
	}
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String prints the amount as a plain decimal with exactly the currency's
// decimals ("1200000.00"), the form Parse reads back.
func (a Amount) String() string {
	d, _ := Digits(a.Currency)
	return format(a.Minor, d)
}

// format prints n units of 10^-scale as a decimal with scale decimals.
func format(n int64, scale int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprintf("%0*d", scale+1, n)
	if scale > 0 {
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
