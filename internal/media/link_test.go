package media_test

import (
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

func TestParseLinkInput(t *testing.T) {
	for _, c := range []struct {
		expires string
		max     int
		want    time.Duration
		bad     []string // fields refused
	}{
		{"72h", 3, 72 * time.Hour, nil},
		{"7d", 1, 7 * 24 * time.Hour, nil},
		{"720h", 1000, 30 * 24 * time.Hour, nil},
		{"30d", 1, 30 * 24 * time.Hour, nil},
		{"721h", 1, 0, []string{"expires_in"}},
		{"31d", 1, 0, []string{"expires_in"}},
		{"0s", 1, 0, []string{"expires_in"}},
		{"-1h", 1, 0, []string{"expires_in"}},
		{"soon", 1, 0, []string{"expires_in"}},
		{"", 1, 0, []string{"expires_in"}},
		{"72h", 0, 0, []string{"max_downloads"}},
		{"72h", 1001, 0, []string{"max_downloads"}},
		{"forever", -5, 0, []string{"expires_in", "max_downloads"}},
	} {
		d, err := media.ParseLinkInput(media.LinkInput{ExpiresIn: c.expires, MaxDownloads: c.max})
		if c.bad == nil {
			if err != nil || d != c.want {
				t.Errorf("%q, %d: %v, %v; want %v", c.expires, c.max, d, err, c.want)
			}
			continue
		}
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asErr(err, &ae) || len(ae.Fields) != len(c.bad) {
			t.Errorf("%q, %d: %v; want fields %v", c.expires, c.max, err, c.bad)
			continue
		}
		for i, f := range ae.Fields {
			if f.Field != c.bad[i] || f.Code == "" {
				t.Errorf("%q, %d: field %d is %+v, want %s with a code", c.expires, c.max, i, f, c.bad[i])
			}
		}
	}
}

func asErr(err error, target **apperr.Error) bool {
	ae, ok := err.(*apperr.Error)
	*target = ae
	return ok
}

func TestRangeStartsAtZero(t *testing.T) {
	for h, want := range map[string]bool{
		"bytes=0-":          true,
		"bytes=0-99":        true,
		"bytes=0-99,200-":   true,
		"bytes=100-":        false,
		"bytes=100-199,0-9": false,
		"bytes=-1000":       true, // the last 1000 bytes of 1000: the whole file
		"bytes=-10":         false,
		"items=0-":          true,
		"bytes=x-":          true,
		"":                  true,
	} {
		if got := media.RangeStartsAtZero(h, 1000); got != want {
			t.Errorf("%q: %v, want %v", h, got, want)
		}
	}
}

func TestLinkStatus(t *testing.T) {
	now := time.Now()
	l := &media.Link{ExpiresAt: now.Add(time.Hour), MaxDownloads: 2, Downloads: 1}
	if s := l.StatusAt(now); s != media.LinkActive {
		t.Errorf("fresh link: %s", s)
	}
	if s := l.StatusAt(now.Add(time.Hour)); s != media.LinkExpired {
		t.Errorf("at its expiry: %s", s)
	}
	l.Downloads = 2
	if s := l.StatusAt(now); s != media.LinkUsedUp {
		t.Errorf("used up: %s", s)
	}
	l.RevokedAt = &now
	if s := l.StatusAt(now); s != media.LinkRevoked {
		t.Errorf("revoked: %s", s)
	}
}

func TestValidLinkToken(t *testing.T) {
	good := media.LinkTokenPrefix + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234"
	if !media.ValidLinkToken(good) {
		t.Errorf("%q refused", good)
	}
	for _, bad := range []string{"", "sbl_", good[:len(good)-1], good + "x", "sbt_" + good[4:], good[:10] + "/" + good[11:], good[:10] + "é" + good[12:]} {
		if media.ValidLinkToken(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzParseLinkInput: any input is a value or field errors, never a panic,
// and an accepted lifetime is within the limits.
func FuzzParseLinkInput(f *testing.F) {
	for _, s := range []string{"72h", "7d", "30d", "721h", "-1h", "9999999999999999999h", "1e9d", "d", "1.5h", "０h"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, expires string, max int) {
		d, err := media.ParseLinkInput(media.LinkInput{ExpiresIn: expires, MaxDownloads: max})
		if err == nil && (d <= 0 || d > media.MaxLinkLifetime || max < 1 || max > media.MaxLinkDownloads) {
			t.Fatalf("accepted %q, %d as %v", expires, max, d)
		}
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("%q, %d: %v", expires, max, err)
		}
	})
}

// FuzzRangeStartsAtZero: any header is answered without a panic.
func FuzzRangeStartsAtZero(f *testing.F) {
	for _, s := range []string{"bytes=0-", "bytes=5-9", "bytes=-5", "bytes=,", "bytes=-", "bytes=99999999999999999999-"} {
		f.Add(s, int64(10))
	}
	f.Fuzz(func(t *testing.T, h string, size int64) {
		media.RangeStartsAtZero(h, size)
	})
}
