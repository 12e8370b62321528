package mt

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTranslateSpeaksLibreTranslate(t *testing.T) {
	var got request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/translate" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		_ = json.NewDecoder(r.Body).Decode(&got)
		out := make([]string, len(got.Q))
		for i, q := range got.Q {
			out[i] = strings.ToUpper(q)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	}))
	defer srv.Close()
	c, err := New(srv.URL, "k")
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, Batch+3)
	for i := range texts {
		texts[i] = "a"
	}
	texts[Batch+2] = "last"
	out, err := c.Translate(context.Background(), texts, "zh-Hans", "ru")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(texts) || out[Batch+2] != "LAST" {
		t.Fatalf("got %d texts, last %q", len(out), out[len(out)-1])
	}
	if got.Source != "zh" || got.Target != "ru" || got.Format != "text" || got.APIKey != "k" {
		t.Errorf("request %+v", got)
	}
}

func TestTranslateRefusesBadAnswers(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"error status": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"bad language"}`))
		},
		"count mismatch": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"translatedText":["a","b","c"]}`))
		},
		"not json": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`<html>`)) },
		"too large": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"translatedText":["` + strings.Repeat("x", MaxResponse) + `"]}`))
		},
		"redirect elsewhere": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://169.254.169.254/latest", http.StatusTemporaryRedirect)
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, _ := New(srv.URL, "")
			if _, err := c.Translate(context.Background(), []string{"a", "b"}, "zh", "ru"); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{"zh-Hans": "zh", "zh-Hant": "zt", "ru": "ru", "en-GB": "en", "zh": "zh"} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
	if _, err := New("ftp://x", ""); err == nil {
		t.Error("ftp accepted")
	}
}

// FuzzDecode: whatever the provider answers, decode returns exactly n
// texts or an error, and never panics.
func FuzzDecode(f *testing.F) {
	f.Add(200, []byte(`{"translatedText":["a","b"]}`), 2)
	f.Add(200, []byte(`{"translatedText":"a"}`), 1)
	f.Add(400, []byte(`{"error":"x"}`), 1)
	f.Add(200, []byte(`{"translatedText":[1,null]}`), 2)
	f.Fuzz(func(t *testing.T, status int, raw []byte, n int) {
		if n < 0 || n > 1000 {
			return
		}
		out, err := decode(status, raw, n)
		if err == nil && len(out) != n {
			t.Fatalf("decode gave %d texts for %d", len(out), n)
		}
	})
}
