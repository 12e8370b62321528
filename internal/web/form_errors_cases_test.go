package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// badForm is one refused submission: the page holding the form, the form's
// action, the inputs changed from what the page offers, and the answer.
type badForm struct {
	name, user, page, action string
	set                      map[string][]string
	status                   int
	// want are messages (locale id and parameters) that must be shown.
	want []wantMessage
}

type wantMessage struct {
	id     string
	params map[string]string
}

func want(id string, kv ...string) wantMessage {
	w := wantMessage{id: id, params: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		w.params[kv[i]] = kv[i+1]
	}
	return w
}

// localeMessages reads every locales/*.<lang>.json file as the interface
// ships it now, so expectations follow rewordings of the ru and zh text.
func localeMessages(t *testing.T, lang string) map[string]string {
	t.Helper()
	paths, _ := filepath.Glob("locales/*." + lang + ".json")
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for k, v := range m {
			if s, ok := v.(string); ok {
				out[k] = s
			}
		}
	}
	return out
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// addressLike removes e-mail addresses, zone names and codes with dots
// (name@example.org, Europe/Moscow, 10.5240/…) and the URL schemes (http,
// https) that translated messages quote on purpose.
var addressLike = regexp.MustCompile(`\S*[@/]\S*|\S+\.\S+|\bhttps?\b`)

// TestFormErrorsAreTranslated submits bad input to every form of the
// interface in Russian and Chinese and fails when a refusal is worded in
// English, shows a raw code or an unfilled parameter, answers other than the
// expected status, or writes anything.
func TestFormErrorsAreTranslated(t *testing.T) {
	s := newFullSite(t)
	dcID := demo.TitleID("Detective Chinatown 1900")
	dc := "/titles/" + dcID
	end := "2026-12-31"
	if _, err := s.rights.AddLicence(storetest.As("cmg", auth.RoleEditor), dcID, rights.LicenceInput{Licensee: "vgtrk",
		Terms: rights.Terms{Territories: []string{"WORLD"}, Media: []rights.Media{rights.SVOD}, Start: "2026-01-01", End: &end, Exclusive: true}}); err != nil {
		t.Fatal(err)
	}
	reqEnd := "2027-12-31"
	req, err := s.licensing.Submit(storetest.As("vgtrk", auth.RoleEditor), licensing.SubmitInput{Title: dcID, Licensor: "cmg",
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2027-09-01", End: &reqEnd}})
	if err != nil {
		t.Fatal(err)
	}
	admin := s.client(t)
	admin.signIn("admin@cmg.demo")
	event := regexp.MustCompile(`href="(/events/[0-9a-f-]{36})"`).FindStringSubmatch(admin.get("/events").body)
	if event == nil {
		t.Fatal("no event on /events")
	}
	reqPage, newReq := "/requests/"+req.ID, "/requests/new?title="+dcID
	window := map[string][]string{"territories": {"RU"}, "media": {"free_tv"}, "start": {"2027-01-01"}, "end": {"2027-06-30"}}
	with := func(base map[string][]string, kv ...string) map[string][]string {
		out := map[string][]string{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = []string{kv[i+1]}
		}
		return out
	}
	cases := []badForm{
		{name: "title year and country", user: "editor@cmg.demo", page: "/titles/new", action: "/titles/new", status: 422,
			set:  with(nil, "original_language", "ru", "loc.0.title", "Фильм", "production_year", "1066", "countries", "XX"),
			want: []wantMessage{want("input.country.invalid", "Value", "XX")}},
		{name: "title without a name", user: "editor@cmg.demo", page: "/titles/new", action: "/titles/new", status: 422,
			set: with(nil, "original_language", "ru", "loc.0.title", ""), want: []wantMessage{want("input.catalog.localization_required")}},
		{name: "title bad language", user: "editor@cmg.demo", page: "/titles/new", action: "/titles/new", status: 422,
			set: with(nil, "original_language", "xx-!!", "loc.0.title", "Фильм"), want: []wantMessage{want("input.langtag.invalid", "Value", "xx-!!")}},
		{name: "title edit", user: "editor@cmg.demo", page: dc + "/edit", action: dc + "/edit", status: 422,
			set:  with(nil, "production_year", "3000", "countries", "ZZ, RU", "loc.0.title", "a\x07b"),
			want: []wantMessage{want("input.country.invalid", "Value", "ZZ"), want("input.text.control", "Char", "U+0007", "Position", "2")}},
		{name: "holding territory", user: "editor@cmg.demo", page: dc + "/rights/holdings/new", action: dc + "/rights/holdings", status: 422,
			set: with(nil, "countries", "XX"), want: []wantMessage{want("desk.form.err.territories")}},
		{name: "holding window", user: "editor@cmg.demo", page: dc + "/rights/holdings/new", action: dc + "/rights/holdings", status: 422,
			set: with(nil, "countries", "RU", "start", "2030-01-01", "end", "2029-01-01", "perpetual", "")},
		{name: "exclusive licence overlap", user: "editor@cmg.demo", page: dc + "/rights/licences/new", action: dc + "/rights/licences", status: 409,
			set: with(map[string][]string{"media": {"svod"}}, "licensee", "vgtrk", "countries", "WORLD", "media_mode", "list",
				"start", "2026-03-01", "end", "2026-04-01", "perpetual", "", "exclusive", "on")},
		{name: "request amount 12,3.4", user: "editor@vgtrk.demo", page: newReq, action: "/requests/new", status: 422,
			set: with(window, "money_kind", "fee", "amount", "12,3.4", "currency", "EUR")},
		{name: "request unknown currency", user: "editor@vgtrk.demo", page: newReq, action: "/requests/new", status: 422,
			set: with(window, "money_kind", "fee", "amount", "100", "currency", "QQQ")},
		{name: "request negative amount", user: "editor@vgtrk.demo", page: newReq, action: "/requests/new", status: 422,
			set: with(window, "money_kind", "fee", "amount", "-5", "currency", "EUR")},
		{name: "request territory", user: "editor@vgtrk.demo", page: newReq, action: "/requests/new", status: 422,
			set: with(window, "territories", "XX")},
		{name: "counter bad money", user: "editor@cmg.demo", page: reqPage, action: reqPage + "/counter", status: 422,
			set: with(window, "money_kind", "fee", "amount", "12,3.4", "currency", "EUR")},
		{name: "counter unknown currency", user: "editor@cmg.demo", page: reqPage, action: reqPage + "/counter", status: 422,
			set: with(window, "money_kind", "fee", "amount", "10", "currency", "QQQ")},
		{name: "comment control character", user: "editor@cmg.demo", page: reqPage, action: reqPage + "/comments", status: 422,
			set: with(nil, "body", "ok\x01")},
		{name: "event", user: "editor@cmg.demo", page: "/events", action: "/events", status: 422,
			set: with(nil, "name", "Фест", "slug", "fest-2026", "country", "XX", "start", "2026-05-10", "end", "2026-05-01", "timezone", "Mars/Base")},
		{name: "venue", user: "editor@cmg.demo", page: event[1], action: event[1] + "/venues", status: 422,
			set: with(nil, "name", "Зал", "city", "Москва", "country", "XX", "timezone", "Mars/Base")},
		{name: "screening", user: "editor@cmg.demo", page: event[1], action: event[1] + "/screenings", status: 422,
			set: with(nil, "start", "not a time", "audio_language", "!!", "ticket_url", "javascript:alert(1)")},
		{name: "exchange", user: "editor@cmg.demo", page: "/exchanges", action: "/exchanges", status: 422,
			set: with(nil, "title", "Обмен", "city", "Москва", "country", "XX", "start", "2026-05-10", "end", "2026-05-01", "places", "2")},
		{name: "token control character", user: "admin@cmg.demo", page: "/org/tokens", action: "/org/tokens", status: 422,
			set: with(nil, "name", "a\x01"), want: []wantMessage{want("input.text.control", "Char", "U+0001", "Position", "2")}},
		{name: "token without a name", user: "admin@cmg.demo", page: "/org/tokens", action: "/org/tokens", status: 422,
			set: with(nil, "name", "")},
		{name: "member weak password", user: "admin@cmg.demo", page: "/org/members", action: "/org/members", status: 422,
			set: with(nil, "email", "new@cmg.demo", "name", "Новый", "password", "short")},
		{name: "member email", user: "admin@cmg.demo", page: "/org/members", action: "/org/members", status: 422,
			set:  with(nil, "email", "not-an-address", "name", "Новый", "password", "a much longer passphrase 42"),
			want: []wantMessage{want("input.email.invalid")}},
		{name: "member email taken", user: "admin@cmg.demo", page: "/org/members", action: "/org/members", status: 422,
			set:  with(nil, "email", "viewer@cmg.demo", "name", "Новый", "password", "a much longer passphrase 42"),
			want: []wantMessage{want("input.email.taken")}},
	}
	for _, lang := range []string{"ru", "zh-Hans"} {
		msgs := localeMessages(t, lang)
		for _, bc := range cases {
			where := lang + " " + bc.name
			c := s.client(t)
			c.lang = lang
			c.signIn(bc.user)
			form := pageForm(t, c.get(bc.page).body, bc.action)
			for k, v := range bc.set {
				form[k] = v
			}
			before := rowCounts(t, s.db.Writer())
			r := c.do("POST", bc.action, form)
			if d := diffCounts(before, rowCounts(t, s.db.Writer())); d != "" {
				t.Errorf("%s: a refused form wrote %s", where, d)
			}
			if r.StatusCode != bc.status {
				t.Errorf("%s: status %d, want %d", where, r.StatusCode, bc.status)
				continue
			}
			page, shown := shownErrors(t, r.body)
			if page != lang || len(shown) == 0 {
				t.Errorf("%s: page in %q shows %d messages", where, page, len(shown))
			}
			var all []string
			for _, e := range shown {
				all = append(all, e.Text)
				if e.Lang != lang {
					t.Errorf("%s: message in %s: %q", where, e.Lang, e.Text)
				} else if m := englishWord.FindString(addressLike.ReplaceAllString(e.Text, " ")); m != "" {
					t.Errorf("%s: English or a raw code (%q) in %q", where, strings.TrimSpace(m), e.Text)
				}
			}
			for _, w := range bc.want {
				text, ok := msgs[w.id]
				if !ok {
					t.Fatalf("%s: no message %s", lang, w.id)
				}
				text = placeholderRE.ReplaceAllStringFunc(text, func(p string) string {
					return w.params[placeholderRE.FindStringSubmatch(p)[1]]
				})
				if !strings.Contains(strings.Join(all, "\n"), text) {
					t.Errorf("%s: %s (%q) not shown; shown:\n%s", where, w.id, text, strings.Join(all, "\n"))
				}
			}
		}
	}
}
