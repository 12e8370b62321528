package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// demoHolding is a demo right. The event report says who holds what, not
// for how long: every window here is an invented demo value, and the
// records say so in created_by.
type demoHolding struct {
	title, holder string
	terms         rights.Terms
}

func ptr(s string) *string { return &s }

// allMedia is every medium, for holdings of "all rights".
func allMedia() []rights.Media { return append([]rights.Media(nil), rights.AllMedia...) }

var demoHoldings = []demoHolding{
	// CMG holds its film worldwide in all media, so it can license Russian free TV.
	{"Detective Chinatown 1900", "cmg", rights.Terms{Territories: []string{"WORLD"}, Media: allMedia(),
		Start: "2025-01-29", End: ptr("2034-12-31"), Exclusive: true}},
	// The co-production: VGTRK holds the world outside China from the Russian
	// premiere, CMG holds China from the Chinese release.
	{"Red Silk", "vgtrk", rights.Terms{Territories: []string{"WORLD"}, ExceptTerritories: []string{"CN"}, Media: allMedia(),
		Start: "2025-02-20", End: ptr("2035-02-19"), Exclusive: true}},
	{"Red Silk", "cmg", rights.Terms{Territories: []string{"CN"}, Media: allMedia(),
		Start: "2025-09-01", End: ptr("2035-08-31"), Exclusive: true}},
}

// demoCreatedBy marks demo holdings as invented.
const demoCreatedBy = "demo (invented window)"

// loadRights records the demo holdings that are missing, through the same
// checks as the API.
func loadRights(ctx context.Context, st Stores) error {
	rs, ok := st.(rights.Store)
	if !ok {
		return fmt.Errorf("demo rights: the store does not keep rights")
	}
	for _, d := range demoHoldings {
		titleID := TitleID(d.title)
		key := "demo:" + d.holder
		h := &rights.Holding{ID: uuid.NewSHA1(namespace, []byte(d.title+"/"+key)).String(), TitleID: titleID, Holder: d.holder,
			Terms: d.terms, AvailID: key, CreatedAt: time.Now().UTC().Truncate(time.Microsecond), CreatedBy: demoCreatedBy}
		h.Terms.Media = allMedia()
		if _, err := h.Terms.Normalize(); err != nil {
			return fmt.Errorf("demo holding %s/%s: %w", d.title, d.holder, err)
		}
		err := rs.RightsChange(ctx, titleID, func(f *rights.Family) (*rights.Change, error) {
			for _, x := range f.Holdings {
				if x.ID == h.ID {
					return nil, nil // loaded by an earlier run
				}
			}
			if err := rights.CheckHolding(f, h); err != nil {
				return nil, err
			}
			return &rights.Change{AddHoldings: []*rights.Holding{h}}, nil
		})
		if err != nil {
			return fmt.Errorf("demo holding %s/%s: %w", d.title, d.holder, err)
		}
	}
	return nil
}
