package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMembersPageWordsPasswordRulesInEveryLanguage: a common password, the
// demo password or a short one is refused on the members page with the
// rule worded in the page's language, and the password is not echoed.
func TestMembersPageWordsPasswordRulesInEveryLanguage(t *testing.T) {
	s := newSite(t)
	cases := []struct{ lang, password, want string }{
		{"en", "Qwertyuiop", "one of the most common passwords"},
		{"ru", "1q2w3e4r5t", "самых распространённых паролей"},
		{"zh-Hans", "PASSWORD123", "最常见的密码之一"},
		{"zh-Hans", "silkbridge-demo", "演示账户公开的密码"},
		{"ru", "short", "от 10 до 256 символов"},
	}
	for i, tc := range cases {
		c := s.client(t)
		c.signIn("admin@cmg.demo")
		c.lang = tc.lang
		r := c.post("/org/members", "/org/members", url.Values{"email": {"new" + string(rune('a'+i)) + "@cmg.example"},
			"role": {"viewer"}, "password": {tc.password}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-password-err"`) {
			t.Fatalf("%s %q: status %d, no error on the password input", tc.lang, tc.password, r.StatusCode)
		}
		if !strings.Contains(r.body, tc.want) {
			t.Errorf("%s %q: page lacks %q", tc.lang, tc.password, tc.want)
		}
		if strings.Contains(r.body, tc.password) {
			t.Errorf("%s: the password was echoed into the page", tc.lang)
		}
	}
}
