package web

import "github.com/silkbridge/silkbridge/internal/rights"

// Windows waiting on an event (EMA Start/End conditions) are worded from
// conditions.<lang>.json: the grid's conditional cell and the timeline's
// conditional status; their reasons are in deskReason.

// cellLabel words a grid cell's state.
func cellLabel(b *Base, state string) string {
	if state == cellConditional {
		return b.T("conditions.cell")
	}
	return b.T("desk.cell." + state)
}

// statusLabel words a timeline status.
func statusLabel(b *Base, status string) string {
	if status == rights.StatusConditional {
		return b.T("conditions.status")
	}
	return b.T("rights.status." + status)
}
