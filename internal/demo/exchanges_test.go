package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// The demo holds the 2025-05-07 delegation of CMG to VGTRK (completed, Shen
// Haixiong accepted, no private data) and an invented secondment whose
// titles and people say they are demo data; loading twice adds nothing.
func TestDemoExchanges(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db := open(t)
		for range 2 {
			if _, err := demo.Load(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		moscow, err := db.ExchangeGet(ctx, demo.ExchangeID("moscow-2025-05-07"))
		if err != nil {
			t.Fatal(err)
		}
		if moscow.Sender != "cmg" || moscow.Host != "vgtrk" || moscow.Kind != "delegation" || moscow.Start != "2025-05-07" ||
			moscow.State != exchange.Completed || len(moscow.Participants) != 1 || moscow.Participants[0].PersonID != demo.PersonID("Shen Haixiong") ||
			!strings.Contains(moscow.Localizations["en"].Purpose, "Oleg Dobrodeev") {
			t.Errorf("Moscow delegation: %+v", moscow)
		}
		sec, err := db.ExchangeGet(ctx, demo.ExchangeID("secondment-demo"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sec.Localizations["en"].Title, "demo") || len(sec.Participants) != 2 || sec.State != exchange.Open {
			t.Errorf("secondment: %+v", sec)
		}
		for _, p := range sec.Participants {
			pe, err := db.PersonGet(ctx, p.PersonID)
			if err != nil || !strings.Contains(pe.Localizations["en"].Name, "(demo)") || pe.Private != nil {
				t.Errorf("demo participant %+v %v", pe, err)
			}
		}
		if list, _ := db.ExchangeList(ctx, "vgtrk"); len(list) != 2 {
			t.Errorf("vgtrk lists %d programmes after loading twice", len(list))
		}
	})
}
