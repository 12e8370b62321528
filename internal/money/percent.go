package money

import (
	"strings"
)

// Percent is a share in basis points (hundredths of a percent): 12.5 % is
// 1250. Shares are agreed to at most two decimals, so integers hold them exactly.
type Percent int64

// Codes of the problems ParsePercent reports.
const (
	// CodePercentSyntax: not a plain decimal such as 12.5. Params: none.
	CodePercentSyntax = "percent.syntax"
	// CodePercentDecimals: more than two decimals. Params: max (2).
	CodePercentDecimals = "percent.decimals"
	// CodePercentRange: not more than 0 and at most 100. Params: min, max.
	CodePercentRange = "percent.range"
)

// ParsePercent reads a share of more than 0 and at most 100 percent with at
// most two decimals ("12.5", "100", "0.25").
func ParsePercent(s string) (Percent, *Problem) {
	n, p := parseScaled(s, 2)
	if p != nil {
		switch p.Code {
		case CodeSyntax:
			return 0, &Problem{Code: CodePercentSyntax, Message: "must be a plain decimal number such as 12.5"}
		case CodeDecimals:
			return 0, &Problem{Code: CodePercentDecimals, Params: map[string]any{"max": 2}, Message: "at most 2 decimals"}
		}
		n = -1
	}
	if n <= 0 || n > 100_00 {
		return 0, &Problem{Code: CodePercentRange, Params: map[string]any{"min": "0", "max": "100"},
			Message: "must be more than 0 and at most 100"}
	}
	return Percent(n), nil
}

// String prints the share without trailing zeros ("12.5", "100", "0.25").
func (p Percent) String() string {
	s := format(int64(p), 2)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
