package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/money"
)

// Owners of deal rows (see migration 00045).
const (
	dealOfRequest = "request"
	dealOfStep    = "step"
	dealOfLicence = "licence"
)

// dealKey names the deal of a request (seq 0), of one of its steps, or of a licence.
type dealKey struct {
	kind, id string
	seq      int
}

// putDeal replaces the deal stored under k with d (nothing is kept for an
// empty deal). d has passed licensing.Deal.Normalize.
func putDeal(ctx context.Context, c conn, k dealKey, d *licensing.Deal) error {
	for _, t := range []string{"deal_payments", "deal_terms"} {
		if _, err := c.exec(ctx, `DELETE FROM `+t+` WHERE owner_kind = ? AND owner_id = ? AND seq = ?`, k.kind, k.id, k.seq); err != nil {
			return err
		}
	}
	if d == nil || d.Empty() {
		return nil
	}
	fee, err := amountArgs(d.Fee)
	if err != nil {
		return err
	}
	mg, err := amountArgs(d.MinimumGuarantee)
	if err != nil {
		return err
	}
	var share any
	if d.RevenueSharePercent != "" {
		p, prob := money.ParsePercent(d.RevenueSharePercent)
		if prob != nil {
			return fmt.Errorf("deal share %q: %s", d.RevenueSharePercent, prob.Message)
		}
		share = int64(p)
	}
	materials := d.Materials
	if materials == nil {
		materials = []licensing.Material{}
	}
	mat, err := json.Marshal(materials)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, `INSERT INTO deal_terms (owner_kind, owner_id, seq, fee_minor, fee_currency, mg_minor, mg_currency,
		share_bp, delivery_deadline, materials) VALUES (`+placeholders(10)+`)`,
		k.kind, k.id, k.seq, fee[0], fee[1], mg[0], mg[1], share, nullString(d.DeliveryDeadline), string(mat)); err != nil {
		return err
	}
	sum := d.Sum()
	for i, p := range d.Payments {
		if sum == nil {
			return fmt.Errorf("deal instalments without a fee or guarantee")
		}
		a, prob := money.Parse(p.Amount, sum.Currency)
		if prob != nil {
			return fmt.Errorf("deal instalment %q: %s", p.Amount, prob.Message)
		}
		if _, err := c.exec(ctx, `INSERT INTO deal_payments (owner_kind, owner_id, seq, n, due, amount_minor, currency)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, k.kind, k.id, k.seq, i+1, p.Due, a.Minor, a.Currency); err != nil {
			return err
		}
	}
	return nil
}

// amountArgs returns the minor units and currency columns of m (NULLs when nil).
func amountArgs(m *licensing.Money) ([2]any, error) {
	if m == nil {
		return [2]any{nil, nil}, nil
	}
	a, prob := money.Parse(m.Amount, m.Currency)
	if prob != nil {
		return [2]any{}, fmt.Errorf("deal amount %q %s: %s", m.Amount, m.Currency, prob.Message)
	}
	return [2]any{a.Minor, a.Currency}, nil
}

// getDeals reads the deals of one owner kind for ids (every seq), keyed by
// id and seq; owners without a row are absent.
func getDeals(ctx context.Context, c conn, kind string, ids []string) (map[dealKey]*licensing.Deal, error) {
	out := map[dealKey]*licensing.Deal{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{kind}
	for _, id := range ids {
		args = append(args, id)
	}
	in := `owner_kind = ? AND owner_id IN (` + placeholders(len(ids)) + `)`
	rows, err := c.query(ctx, `SELECT owner_id, seq, fee_minor, fee_currency, mg_minor, mg_currency, share_bp,
		delivery_deadline, materials FROM deal_terms WHERE `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k dealKey
		var feeMinor, mgMinor, share sql.NullInt64
		var feeCur, mgCur, deadline sql.NullString
		var mat string
		if err := rows.Scan(&k.id, &k.seq, &feeMinor, &feeCur, &mgMinor, &mgCur, &share, &deadline, &mat); err != nil {
			return nil, err
		}
		k.kind = kind
		d := &licensing.Deal{Fee: moneyOf(feeMinor, feeCur), MinimumGuarantee: moneyOf(mgMinor, mgCur),
			DeliveryDeadline: deadline.String}
		if share.Valid {
			d.RevenueSharePercent = money.Percent(share.Int64).String()
		}
		if err := json.Unmarshal([]byte(mat), &d.Materials); err != nil {
			return nil, fmt.Errorf("decode deal materials of %s %s: %w", kind, k.id, err)
		}
		if len(d.Materials) == 0 {
			d.Materials = nil
		}
		out[k] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	prow, err := c.query(ctx, `SELECT owner_id, seq, due, amount_minor, currency FROM deal_payments WHERE `+in+`
		ORDER BY owner_id, seq, n`, args...)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		k := dealKey{kind: kind}
		var p licensing.Payment
		var minor int64
		var cur string
		if err := prow.Scan(&k.id, &k.seq, &p.Due, &minor, &cur); err != nil {
			return nil, err
		}
		p.Amount = money.Amount{Minor: minor, Currency: cur}.String()
		if d := out[k]; d != nil {
			d.Payments = append(d.Payments, p)
		}
	}
	return out, prow.Err()
}

func moneyOf(minor sql.NullInt64, cur sql.NullString) *licensing.Money {
	if !minor.Valid {
		return nil
	}
	return &licensing.Money{Amount: money.Amount{Minor: minor.Int64, Currency: cur.String}.String(), Currency: cur.String}
}

// attachDeals fills the standing deal of each request in rs and, when they
// carry their history, the deal of each step.
func attachDeals(ctx context.Context, c conn, rs []*licensing.Request) error {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	standing, err := getDeals(ctx, c, dealOfRequest, ids)
	if err != nil {
		return err
	}
	var withHistory []string
	for _, r := range rs {
		if d := standing[dealKey{dealOfRequest, r.ID, 0}]; d != nil {
			r.Deal = *d
		}
		if len(r.History) > 0 {
			withHistory = append(withHistory, r.ID)
		}
	}
	steps, err := getDeals(ctx, c, dealOfStep, withHistory)
	if err != nil {
		return err
	}
	for _, r := range rs {
		for _, st := range r.History {
			st.Deal = steps[dealKey{dealOfStep, r.ID, st.Seq}]
		}
	}
	return nil
}

// putStepDeal stores the deal of a step that proposed or accepted terms.
func putStepDeal(ctx context.Context, c conn, requestID string, st *licensing.Step) error {
	if st.Terms == nil || st.Deal == nil {
		return nil
	}
	return putDeal(ctx, c, dealKey{dealOfStep, requestID, st.Seq}, st.Deal)
}

// LicenceDeals returns the deals recorded with licences, by licence id.
func (db *DB) LicenceDeals(ctx context.Context, ids []string) (map[string]*licensing.Deal, error) {
	ds, err := getDeals(ctx, db.reader(), dealOfLicence, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*licensing.Deal, len(ds))
	for k, d := range ds {
		out[k.id] = d
	}
	return out, nil
}
