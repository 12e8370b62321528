package web

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/events"
)

var eventKeyRE = regexp.MustCompile(`"((?:events|flash|nav)\.[a-z0-9_.]*[a-z0-9_])"`)

// Every events.* message the editor and the public pages use exists in
// every language, including those built from the domain's vocabularies.
func TestEventMessagesExist(t *testing.T) {
	msgs := map[string]map[string]any{}
	for _, lang := range UILanguages {
		raw, err := fs.ReadFile(files, "locales/events."+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		msgs[lang] = m
	}
	need := map[string]bool{}
	srcs, _ := filepath.Glob("event*.go")
	tpls, _ := fs.Glob(files, "templates/event*.html")
	for _, p := range append(srcs, tpls...) {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		data, err := fs.ReadFile(files, p)
		if err != nil {
			data, _ = os.ReadFile(p)
		}
		for _, m := range eventKeyRE.FindAllStringSubmatch(string(data), -1) {
			if strings.HasSuffix(m[1], ".") || m[1] == "events.css" {
				continue
			}
			need[m[1]] = true
		}
	}
	for _, k := range events.Kinds {
		need["events.kind."+string(k)] = true
	}
	for _, s := range []events.Status{events.Draft, events.Published} {
		need["events.status."+string(s)] = true
	}
	for _, c := range []string{events.NoRights, events.NoSubtitles, events.SubtitlesQCFailed, events.SubtitlesUnknown, events.NoMedia, events.VenueOverlap, events.PremiereStatus} {
		need["events.check."+c] = true
	}
	for _, v := range []string{events.WorldPremiere, events.InternationalPremiere, events.NationalPremiere, "none"} {
		need["events.premiere."+v] = true
	}
	for _, s := range []string{"submitted", "countered", "accepted", "declined", "withdrawn", "expired", "unknown"} {
		need["events.request."+s] = true
	}
	for _, f := range eventErrFields {
		need["events.err."+f] = true
	}
	if len(need) < 100 {
		t.Fatalf("only %d keys found; the scan is broken", len(need))
	}
	for k := range need {
		for _, lang := range UILanguages {
			if _, ok := msgs[lang][k]; !ok && !strings.HasPrefix(k, "flash.") && !strings.HasPrefix(k, "nav.") {
				t.Errorf("%s: no message %q", lang, k)
			}
		}
	}
	// The flash and nav keys this area adds live in its own files.
	for _, k := range []string{"nav.events", "flash.eventcreated", "flash.venueadded", "flash.screeningadded", "flash.screeningdeleted", "flash.rightsrequested", "flash.eventpublished"} {
		for _, lang := range UILanguages {
			if _, ok := msgs[lang][k]; !ok {
				t.Errorf("%s: no message %q", lang, k)
			}
		}
	}
}
