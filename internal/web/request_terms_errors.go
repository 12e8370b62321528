package web

import (
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/money"
)

// The deal rules' codes are worded by the web (input.<code> in terms.*.json).
func init() {
	inputCodes = append(inputCodes, money.CodeCurrency, money.CodeSyntax, money.CodeDecimals, money.CodeRange,
		money.CodePercentSyntax, money.CodePercentDecimals, money.CodePercentRange,
		licensing.CodeFeeOrGuarantee, licensing.CodeShareNeedsMG, licensing.CodePaymentsNeedSum, licensing.CodePaymentsExceed,
		licensing.CodeDate, licensing.CodeMaterialKind, licensing.CodeMaterialLanguage, licensing.CodeMaterialTwice,
		licensing.CodeLanguage)
}

// dealInput names the form input a deal field error belongs to.
func dealInput(field string) (string, bool) {
	switch {
	case field == "fee.currency" || field == "minimum_guarantee.currency":
		return "currency", true
	case field == "fee.amount" || field == "minimum_guarantee.amount" || field == "fee" || field == "minimum_guarantee":
		return "amount", true
	case field == "revenue_share_percent":
		return "share", true
	case field == "payments" || hasPrefix(field, "payments["):
		return "payments", true
	case field == "delivery_deadline":
		return "delivery_deadline", true
	case field == "materials" || hasPrefix(field, "materials["):
		return "materials", true
	}
	return "", false
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
