package money

import (
	"sync"

	bc "github.com/bojanz/currency"
)

var formatters sync.Map // locale string → *bc.Formatter

// Display renders a in the conventions of a BCP-47 locale: grouping, decimal
// mark, the currency's symbol and where it goes ("1 200 000,00 ₽" in ru,
// "¥1,200,000.00" in zh-Hans, "CN¥1,200,000.00" in en). The amount passes as
// its exact decimal string, never as a float.
func Display(a Amount, locale string) string {
	f, ok := formatters.Load(locale)
	if !ok {
		f, _ = formatters.LoadOrStore(locale, bc.NewFormatter(bc.NewLocale(locale)))
	}
	x, err := bc.NewAmount(a.String(), a.Currency)
	if err != nil {
		return a.String() + " " + a.Currency
	}
	return f.(*bc.Formatter).Format(x)
}
