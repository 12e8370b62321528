package web

import "github.com/silkbridge/silkbridge/internal/rights"

// A holding or licence waiting on an event that is already dated gets its
// window from that date when written; when the date leaves no window the
// rights form words the refusal itself (locales/datedevents.*.json).
func init() {
	inputCodes = append(inputCodes, rights.CodeSettleEmpty)
}
