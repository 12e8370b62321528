package web

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// pluralForms are the CLDR plural categories each interface language needs.
var pluralForms = map[string][]string{"en": {"one", "other"}, "ru": {"few", "many", "one", "other"}, "zh-Hans": {"other"}}

// loadMessages reads every locales/<area>.<lang>.json into lang → id → message.
func loadMessages(t *testing.T) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	paths, _ := fs.Glob(files, "locales/*.json")
	for _, p := range paths {
		parts := strings.Split(strings.TrimSuffix(filepath.Base(p), ".json"), ".")
		if len(parts) != 2 {
			t.Fatalf("%s: message files are named <area>.<lang>.json", p)
		}
		lang := parts[1]
		data, _ := fs.ReadFile(files, p)
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if out[lang] == nil {
			out[lang] = map[string]any{}
		}
		for id, v := range m {
			if _, dup := out[lang][id]; dup {
				t.Errorf("%s: message %q is defined in two files", p, id)
			}
			out[lang][id] = v
		}
	}
	return out
}

// TestMessagesComplete fails when a message exists in one interface language
// but not another, or a plural message lacks a form its language needs.
func TestMessagesComplete(t *testing.T) {
	msgs := loadMessages(t)
	for _, lang := range UILanguages {
		if len(msgs[lang]) == 0 {
			t.Fatalf("no messages for %s", lang)
		}
	}
	for _, lang := range UILanguages {
		for _, other := range UILanguages {
			for id := range msgs[lang] {
				if _, ok := msgs[other][id]; !ok {
					t.Errorf("message %q exists in %s but is missing in %s", id, lang, other)
				}
			}
		}
		for id, v := range msgs[lang] {
			switch m := v.(type) {
			case string:
				if strings.TrimSpace(m) == "" {
					t.Errorf("%s: message %q is empty", lang, id)
				}
			case map[string]any:
				var forms []string
				for f := range m {
					forms = append(forms, f)
				}
				sort.Strings(forms)
				if strings.Join(forms, ",") != strings.Join(pluralForms[lang], ",") {
					t.Errorf("%s: plural message %q has forms %v, want %v", lang, id, forms, pluralForms[lang])
				}
			default:
				t.Errorf("%s: message %q is neither text nor plural forms", lang, id)
			}
		}
	}
}

// usedKeyRE finds message ids in templates ({{.T "nav.skip"}}) and Go code
// (T("login.failed"), base(r, "login.title", …), errorPage(…, "error.x.title", "error.x.body")).
var usedKeyRE = regexp.MustCompile(`"((?:nav|search|footer|login|flash|error|date|catalog|title|form|members|tokens|partners|role|kind|genre|credit|release|visibility|month)\.[a-z0-9_.]*[a-z0-9_])"`)

// TestEveryUsedMessageExists checks the ids the templates and code use, and
// the ids built from the domain's vocabularies, against the English file
// (TestMessagesComplete extends that to every language).
func TestEveryUsedMessageExists(t *testing.T) {
	en := loadMessages(t)["en"]
	need := map[string]string{}
	sources, _ := filepath.Glob("*.go")
	tpls, _ := fs.Glob(files, "templates/*.html")
	base, _ := fs.Glob(files, "templates/base/*.html")
	for _, p := range append(tpls, base...) {
		data, _ := fs.ReadFile(files, p)
		for _, m := range usedKeyRE.FindAllStringSubmatch(string(data), -1) {
			need[m[1]] = p
		}
	}
	for _, p := range sources {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		data, _ := os.ReadFile(p)
		for _, m := range usedKeyRE.FindAllStringSubmatch(string(data), -1) {
			need[m[1]] = p
		}
	}
	if len(need) < 50 {
		t.Fatalf("found only %d message ids in the sources; the scan is broken", len(need))
	}
	add := func(prefix string, values ...string) {
		for _, v := range values {
			need[prefix+v] = "vocabulary"
		}
	}
	for _, k := range catalog.Kinds {
		add("kind.", string(k))
	}
	for _, v := range catalog.Visibilities {
		add("visibility.", string(v))
	}
	for _, r := range auth.Roles {
		add("role.", string(r))
	}
	add("genre.", catalog.Genres...)
	add("credit.", catalog.CreditRoles...)
	add("release.", catalog.ReleaseTypes...)
	for _, f := range []string{"title", "sort_title", "short_synopsis", "long_synopsis", "tagline", "note"} {
		add("form.loc.", f)
	}
	for _, f := range []string{"kind", "original_language", "production_year", "runtime_minutes", "countries", "visibility",
		"producers", "genres", "parent_id", "season_number", "episode_number", "identifiers.eidr", "identifiers.isan", "identifiers.imdb"} {
		add("form.field.", f)
	}
	for m := 1; m <= 12; m++ {
		add("month.", itoa(m))
		add("month.alone.", itoa(m))
	}
	for id, where := range need {
		if strings.HasSuffix(id, ".") {
			continue // a prefix completed at run time, covered above
		}
		if _, ok := en[id]; !ok {
			t.Errorf("message %q (used in %s) is not defined", id, where)
		}
	}
}

func TestLocalizedFormats(t *testing.T) {
	h, err := New(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, full, month, year, num string
	}{
		{"en", "20 February 2025", "September 2025", "2025", "1,234,567"},
		{"ru", "20 февраля 2025 г.", "сентябрь 2025 г.", "2025 г.", "1 234 567"},
		{"zh-Hans", "2025年2月20日", "2025年9月", "2025年", "1,234,567"},
	}
	for _, c := range cases {
		l := newLocalizer(h.bundle, c.lang, func(id string) { t.Errorf("%s: missing %s", c.lang, id) })
		if got := l.PartialDate("2025-02-20"); got != c.full {
			t.Errorf("%s full date = %q, want %q", c.lang, got, c.full)
		}
		if got := l.PartialDate("2025-09"); got != c.month {
			t.Errorf("%s month = %q, want %q", c.lang, got, c.month)
		}
		if got := l.PartialDate("2025"); got != c.year {
			t.Errorf("%s year = %q, want %q", c.lang, got, c.year)
		}
		if got := strings.ReplaceAll(l.Num(1234567), "\u00a0", " "); got != c.num {
			t.Errorf("%s number = %q, want %q", c.lang, got, c.num)
		}
	}
	ru := newLocalizer(h.bundle, "ru", nil)
	for n, want := range map[int]string{1: "1 участник", 3: "3 участника", 5: "5 участников", 21: "21 участник"} {
		if got := ru.N("members.count", n); got != want {
			t.Errorf("ru plural for %d = %q, want %q", n, got, want)
		}
	}
	if got := newLocalizer(h.bundle, "zh-Hans", nil).Country("RU"); got != "俄罗斯" {
		t.Errorf("zh-Hans name of RU = %q", got)
	}
}
