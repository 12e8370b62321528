package web

import (
	"io/fs"
	"os"
	"regexp"
	"testing"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
)

var licensingKeyRE = regexp.MustCompile(`"((?:licensing|rights)\.[a-z0-9_.]*[a-z0-9_])"`)

// TestLicensingMessagesExist checks the message ids the licensing pages use,
// literally or built from the domain's vocabularies, in every interface language.
func TestLicensingMessagesExist(t *testing.T) {
	need := map[string]bool{}
	for _, p := range []string{"templates/base/licensing.html", "templates/request.html", "templates/request_new.html", "templates/requests.html"} {
		data, err := fs.ReadFile(files, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range licensingKeyRE.FindAllStringSubmatch(string(data), -1) {
			need[m[1]] = true
		}
	}
	for _, p := range []string{"requests.go", "request_view.go", "request_new.go", "request_form.go", "request_section.go"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range licensingKeyRE.FindAllStringSubmatch(string(data), -1) {
			need[m[1]] = true
		}
	}
	if len(need) < 40 {
		t.Fatalf("found only %d ids; the scan is broken", len(need))
	}
	for _, st := range licensing.States {
		need["licensing.state."+string(st)] = true
	}
	for _, a := range []licensing.Action{licensing.Submit, licensing.Counter, licensing.Accept, licensing.Decline, licensing.Withdraw, licensing.Expire} {
		need["licensing.step."+string(a)] = true
		need["licensing.note.request."+string(a)] = true
	}
	need["licensing.note.request.commented"], need["licensing.note.licence.expiring"] = true, true
	for _, box := range []string{"incoming", "outgoing"} {
		need["licensing.box."+box], need["licensing.none."+box] = true, true
	}
	for _, in := range []string{"territories", "media", "languages", "start", "end", "licensor", "title", "message", "deadline", "form", "body"} {
		need["licensing.err."+in] = true
	}
	for _, c := range []rights.Code{rights.NoRights, rights.OutsideWindow, rights.LanguageNotHeld, rights.HoldingNotExclusive,
		rights.ExclusiveLicence, rights.NonExclusiveLicence, rights.HoldbackCode, rights.ExclusiveHolding, rights.LicenceDepends} {
		need["licensing.reason."+string(c)] = true
	}
	for _, m := range rights.AllMedia {
		need["rights.media."+string(m)] = true
	}
	msgs := loadMessages(t)
	for _, lang := range UILanguages {
		for id := range need {
			if _, ok := msgs[lang][id]; !ok {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
	}
}
