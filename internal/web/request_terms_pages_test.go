package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestCounterMoneyErrorsInReadersLanguage: bad money in a counter comes back
// beside the amount, currency and schedule inputs, worded in Russian and
// Chinese from the error codes, and the request is unchanged.
func TestCounterMoneyErrorsInReadersLanguage(t *testing.T) {
	s := newDealSite(t)
	r := s.submit(t, true)
	path := "/requests/" + r.ID
	base := url.Values{"version": {"1"}, "territories": {"RU"}, "media": {"free_tv"}, "start": {"2025-09-01"}, "end": {"2025-12-31"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range base {
			v[k] = x
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	for _, tc := range []struct {
		lang, input, want string
		form              url.Values
	}{
		{"ru", "amount", "Знаков после запятой для CNY: не больше 2.",
			with("money_kind", "fee", "amount", "10.005", "currency", "CNY")},
		{"zh-Hans", "amount", "JPY 最多保留0位小数。", with("money_kind", "fee", "amount", "1000.5", "currency", "JPY")},
		{"ru", "amount", "Введите только цифры", with("money_kind", "fee", "amount", "1.5e6", "currency", "CNY")},
		{"zh-Hans", "currency", "XYZ 不是 ISO 4217 币种代码。", with("money_kind", "fee", "amount", "10", "currency", "XYZ")},
		{"ru", "payments", "Сумма платежей 100.01 USD больше согласованных 100.00 USD.",
			with("money_kind", "fee", "amount", "100", "currency", "USD", "pay_due", "2025-10-01", "pay_amount", "100.01")},
		{"zh-Hans", "payments", "“2025-02-30”不是有效日期", with("money_kind", "fee", "amount", "100", "currency", "USD", "pay_due", "2025-02-30", "pay_amount", "10")},
	} {
		cm := s.client(t, "cmg", auth.RoleEditor)
		cm.lang = tc.lang
		resp := cm.post(path, path+"/counter", tc.form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d", tc.want, resp.StatusCode)
		}
		i := strings.Index(resp.body, `id="f-`+tc.input+`-err"`)
		if i < 0 {
			t.Fatalf("%s: no error beside %s:\n%s", tc.want, tc.input, resp.body)
		}
		if msg := resp.body[i:min(len(resp.body), i+400)]; !strings.Contains(msg, tc.want) {
			t.Fatalf("error beside %s = %s; want %q", tc.input, msg, tc.want)
		}
	}
	got, err := s.licensing.Get(storetest.As("cmg", auth.RoleViewer), r.ID)
	if err != nil || got.Version != 1 {
		t.Fatalf("refused counters changed the request: %+v %v", got, err)
	}
}
