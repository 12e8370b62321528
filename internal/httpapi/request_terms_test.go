package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// termsFieldCode returns the code and params of the field error at location loc.
func termsFieldCode(r *response, loc string) (string, map[string]any) {
	errs, _ := r.body["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		if m["location"] == loc {
			code, _ := m["code"].(string)
			params, _ := m["params"].(map[string]any)
			return code, params
		}
	}
	return "", nil
}

func TestRequestTermsAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupLicensing(t, open)
		body := russianFreeTV(x.Film)
		body["fee"] = map[string]any{"amount": "1200000.00", "currency": "CNY"}
		body["payments"] = []any{map[string]any{"due": "2025-10-01", "amount": "600000.00"}, map[string]any{"due": "2025-11-01", "amount": "600000"}}
		body["delivery_deadline"] = "2025-08-15"
		body["materials"] = []any{map[string]any{"kind": "mezzanine"}, map[string]any{"kind": "subtitle", "language": "ru"}}
		created := b.do("POST", "/api/v1/requests", "vgtrk/editor", body).want(t, http.StatusCreated)
		if fmt.Sprint(created.body["fee"]) != "map[amount:1200000.00 currency:CNY]" || created.body["delivery_deadline"] != "2025-08-15" ||
			fmt.Sprint(created.body["payments"]) != "[map[amount:600000.00 due:2025-10-01] map[amount:600000.00 due:2025-11-01]]" {
			t.Fatalf("created = %s", created.raw)
		}
		path := "/api/v1/requests/" + created.body["id"].(string)

		// Bad money is 422 with coded field errors; the request does not change.
		bad := func(mut func(m map[string]any), loc, code string) map[string]any {
			t.Helper()
			m := russianFreeTV(x.Film)
			delete(m, "title")
			delete(m, "licensor")
			mut(m)
			r := b.do("POST", path+"/counter", "cmg/editor", m).want(t, http.StatusUnprocessableEntity)
			got, params := termsFieldCode(r, loc)
			if code != "" && got != code {
				t.Fatalf("%s: want %s, got %s", loc, code, r.raw)
			}
			if code == "" && len(r.body["errors"].([]any)) == 0 {
				t.Fatalf("%s: no field errors: %s", loc, r.raw)
			}
			return params
		}
		bad(func(m map[string]any) { m["fee"] = map[string]any{"amount": 1.5e6, "currency": "CNY"} }, "body.fee.amount", "")
		bad(func(m map[string]any) { m["fee"] = map[string]any{"amount": "1.5e6", "currency": "CNY"} }, "body.fee.amount", "")
		if p := bad(func(m map[string]any) { m["fee"] = map[string]any{"amount": "10.005", "currency": "CNY"} }, "body.fee.amount", "money.decimals"); p["currency"] != "CNY" || p["max"] != 2.0 {
			t.Fatalf("params = %v", p)
		}
		bad(func(m map[string]any) { m["fee"] = map[string]any{"amount": "1000.5", "currency": "JPY"} }, "body.fee.amount", "money.decimals")
		bad(func(m map[string]any) { m["fee"] = map[string]any{"amount": "1000", "currency": "ABC"} }, "body.fee.currency", "money.currency")
		bad(func(m map[string]any) {
			m["fee"] = map[string]any{"amount": "100", "currency": "USD"}
			m["payments"] = []any{map[string]any{"due": "2025-10-01", "amount": "100.01"}}
		}, "body.payments", "deal.payments_exceed")
		bad(func(m map[string]any) {
			m["fee"] = map[string]any{"amount": "100", "currency": "USD"}
			m["payments"] = []any{map[string]any{"due": "soon", "amount": "10"}}
		}, "body.payments[0].due", "date.invalid")
		if r := b.do("GET", path, "cmg/viewer", nil).want(t, http.StatusOK); r.body["version"] != 1.0 {
			t.Fatalf("a refused counter changed the request: %s", r.raw)
		}

		// A counter in roubles; the licensee accepts; the licence carries it.
		counter := russianFreeTV(x.Film)
		delete(counter, "title")
		delete(counter, "licensor")
		counter["fee"] = map[string]any{"amount": "15000000.50", "currency": "RUB"}
		c := b.do("POST", path+"/counter", "cmg/editor", counter).want(t, http.StatusOK)
		hist := c.body["history"].([]any)
		changes := fmt.Sprint(hist[1].(map[string]any)["changes"])
		if changes != "[map[field:fee new:map[amount:15000000.50 currency:RUB] old:map[amount:1200000.00 currency:CNY]] "+
			"map[field:payments new:<nil> old:[map[amount:600000.00 due:2025-10-01] map[amount:600000.00 due:2025-11-01]]] "+
			"map[field:delivery_deadline new:<nil> old:2025-08-15] "+
			"map[field:materials new:<nil> old:[map[kind:mezzanine] map[kind:subtitle language:ru]]]]" {
			t.Fatalf("changes = %s", changes)
		}
		b.do("POST", path+"/accept", "vgtrk/editor", nil).want(t, http.StatusOK)
		ls := b.do("GET", "/api/v1/titles/"+x.Film+"/licences", "vgtrk/viewer", nil).want(t, http.StatusOK)
		items := ls.body["items"].([]any)
		if len(items) != 1 || fmt.Sprint(items[0].(map[string]any)["fee"]) != "map[amount:15000000.50 currency:RUB]" {
			t.Fatalf("licences = %s", ls.raw)
		}
		// The OpenAPI schema documents amounts as patterned strings.
		spec := b.do("GET", "/api/v1/openapi.json", "", nil).want(t, http.StatusOK)
		money := spec.body["components"].(map[string]any)["schemas"].(map[string]any)["Money"].(map[string]any)
		amount := money["properties"].(map[string]any)["amount"].(map[string]any)
		if amount["type"] != "string" || amount["pattern"] == nil {
			t.Fatalf("Money schema = %v", money)
		}
	})
}
