package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// HoldingClaims returns the open and rejected claims recorded on a title.
func (db *DB) HoldingClaims(ctx context.Context, titleID string) ([]*rights.Holding, error) {
	hs, err := queryHoldings(ctx, db.reader(), `WHERE title_id = ? AND status <> 'confirmed'`, titleID)
	if hs == nil {
		hs = []*rights.Holding{}
	}
	return hs, err
}

// keepersOf returns the keepers of each title: its owner first, then its
// producers, who alone record confirmed holdings and decide claims.
func keepersOf(ctx context.Context, c conn, ids []string) (map[string][]string, error) {
	args := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, args...)
	rows, err := c.query(ctx, `SELECT id, owner_org, 0 FROM titles WHERE id IN (`+placeholders(len(ids))+`)
		UNION ALL SELECT title_id, org, 1 FROM title_producers WHERE title_id IN (`+placeholders(len(ids))+`)
		ORDER BY 1, 3, 2`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var id, org string
		var producer int
		if err := rows.Scan(&id, &org, &producer); err != nil {
			return nil, err
		}
		if producer == 1 && len(out[id]) > 0 && out[id][0] == org {
			continue // the owner listed among the producers
		}
		out[id] = append(out[id], org)
	}
	return out, rows.Err()
}

// applyClaims writes the status decisions of ch and tells the claimant and
// the title's keepers, by notification and webhook, about claims made,
// decided and withdrawn, all in the change's transaction: a rolled-back
// change announces nothing. The events go to those organisations only
// (never to every reader of the title), since nobody else sees claims.
func (db *DB) applyClaims(ctx context.Context, c conn, f *rights.Family, ch *rights.Change, deleted, readded map[string]bool) error {
	if f == nil {
		if len(ch.Decide) > 0 {
			return apperr.New(apperr.Internal, "claim decisions need the family they were decided on")
		}
		return nil
	}
	before := map[string]*rights.Holding{}
	for _, h := range f.Holdings {
		before[h.ID] = h
	}
	// Keepers are read per holding's title rather than taken from the
	// family, which may be a hierarchy's (an import's) rather than the title's.
	cache := map[string][]string{}
	keepers := func(titleID string) ([]string, error) {
		if k, ok := cache[titleID]; ok {
			return k, nil
		}
		m, err := keepersOf(ctx, c, []string{titleID})
		cache[titleID] = m[titleID]
		return m[titleID], err
	}
	for _, h := range ch.AddHoldings {
		// A claim replaced by an import stays announced; one replacing a
		// confirmed or rejected record is a new claim.
		if old := before[h.ID]; h.Status != rights.HoldingClaimed || (old != nil && old.Status == rights.HoldingClaimed) {
			continue
		}
		ks, err := keepers(h.TitleID)
		if err != nil {
			return err
		}
		for _, k := range ks {
			if err := recordAudit(ctx, c, k, "holding.claimed", "holding", h.ID, audit.Diff(nil, h)); err != nil {
				return err
			}
		}
		if err := db.announceClaim(ctx, c, h, "holding.claimed", h.Holder, append([]string{h.Holder}, ks...)); err != nil {
			return err
		}
	}
	for _, d := range ch.Decide {
		old := before[d.ID]
		if old == nil {
			return apperr.New(apperr.NotFound, "holding %q not found", d.ID)
		}
		res, err := c.exec(ctx, `UPDATE holdings SET status = ?, status_reason = ? WHERE id = ?`,
			string(d.Status), nullString(d.Reason), d.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.NotFound, "holding %q not found", d.ID)
		}
		ks, err := keepers(old.TitleID)
		if err != nil {
			return err
		}
		next := *old
		next.Status, next.StatusReason = d.Status, d.Reason
		action := "holding." + string(d.Status)
		diff := audit.Diff(old, &next)
		actor := ""
		if p := auth.FromContext(ctx); p != nil {
			actor = p.Org
		}
		for _, org := range uniq(append([]string{actor, next.Holder}, ks...)) {
			if err := recordAudit(ctx, c, org, action, "holding", d.ID, diff); err != nil {
				return err
			}
		}
		if err := db.announceClaim(ctx, c, &next, action, actor, append([]string{next.Holder}, ks...)); err != nil {
			return err
		}
	}
	for _, id := range ch.DeleteHoldings {
		if old := before[id]; old != nil && !old.Counts() && deleted[id] && !readded[id] {
			ks, err := keepers(old.TitleID)
			if err != nil {
				return err
			}
			if err := db.announceClaim(ctx, c, old, "holding.withdrawn", old.Holder, append([]string{old.Holder}, ks...)); err != nil {
				return err
			}
		}
	}
	return nil
}

// claimTexts are the notifications' one-line English summaries (the web
// translates by kind).
var claimTexts = map[string]string{
	"holding.claimed":   "%s claims rights on this title; confirm or reject the claim",
	"holding.confirmed": "%s confirmed the claim",
	"holding.rejected":  "%s rejected the claim",
	"holding.withdrawn": "%s withdrew its claim",
}

// announceClaim notifies every organisation of to (the claimant and the
// keepers) except from, who acted, and publishes the webhook event to all of
// them, as licence.created goes to both parties whoever recorded it.
func (db *DB) announceClaim(ctx context.Context, c conn, h *rights.Holding, kind, from string, to []string) error {
	now := time.Now().UTC()
	actor := ""
	if p := auth.FromContext(ctx); p != nil {
		actor = p.Name
	}
	var ns []*licensing.Notification
	orgs := uniq(to)
	for _, org := range orgs {
		if org == from {
			continue
		}
		ns = append(ns, &licensing.Notification{ID: uuid.Must(uuid.NewV7()).String(), Org: org, Kind: kind,
			TitleID: h.TitleID, From: from, Actor: actor, Text: fmt.Sprintf(claimTexts[kind], from), CreatedAt: now})
	}
	if err := insertNotifications(ctx, c, ns); err != nil {
		return err
	}
	return db.publish(ctx, c, webhook.Event{Type: kind, Orgs: orgs, At: now, Data: h})
}

// uniq drops empty and repeated organisations, keeping the first order.
func uniq(orgs []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(orgs))
	for _, o := range orgs {
		if o != "" && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}
