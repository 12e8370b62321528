// Package mt talks to a machine-translation service that speaks the
// LibreTranslate API: POST /translate with {"q":[…],"source","target",
// "format":"text"} answers {"translatedText":[…]}. The service's URL is set
// by the operator (--mt-url), never by users; still, the client follows no
// redirect to another host, waits a bounded time and reads a bounded body.
package mt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limits of one call.
const (
	// Timeout bounds one request to the provider.
	Timeout = 60 * time.Second
	// MaxResponse bounds the body read from the provider.
	MaxResponse = 8 << 20
	// Batch is how many texts go in one request.
	Batch = 50
)

// Client calls one provider.
type Client struct {
	endpoint *url.URL
	apiKey   string
	http     *http.Client
}

// New returns a client of the provider at base (e.g. http://mt:5000);
// apiKey, when set, is sent as LibreTranslate's api_key.
func New(base, apiKey string) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("machine translation URL %q: must be an absolute http(s) URL", base)
	}
	ep := u.JoinPath("translate")
	c := &Client{endpoint: ep, apiKey: apiKey}
	c.http = &http.Client{Timeout: Timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != ep.Host || len(via) > 3 {
			return errors.New("the translation service redirected elsewhere")
		}
		return nil
	}}
	return c, nil
}

type request struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	APIKey string   `json:"api_key,omitempty"`
}

type response struct {
	TranslatedText json.RawMessage `json:"translatedText"`
	Error          string          `json:"error"`
}

// Translate translates texts from source to target (BCP-47 tags) and
// returns the translations in the same order.
func (c *Client) Translate(ctx context.Context, texts []string, source, target string) ([]string, error) {
	out := make([]string, 0, len(texts))
	for start := 0; start < len(texts); start += Batch {
		part, err := c.call(ctx, texts[start:min(start+Batch, len(texts))], Code(source), Code(target))
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

func (c *Client) call(ctx context.Context, q []string, source, target string) ([]string, error) {
	body, _ := json.Marshal(request{Q: q, Source: source, Target: target, Format: "text", APIKey: c.apiKey})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("translation service: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("translation service: %w", err)
	}
	if len(raw) > MaxResponse {
		return nil, errors.New("translation service: answer too large")
	}
	return decode(resp.StatusCode, raw, len(q))
}

// decode reads the provider's answer to n texts.
func decode(status int, raw []byte, n int) ([]string, error) {
	var r response
	if err := json.Unmarshal(raw, &r); err != nil && status == http.StatusOK {
		return nil, fmt.Errorf("translation service: unreadable answer: %w", err)
	}
	if status != http.StatusOK {
		msg := r.Error
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return nil, fmt.Errorf("translation service answered %d %s", status, msg)
	}
	var texts []string
	if err := json.Unmarshal(r.TranslatedText, &texts); err != nil {
		// One text may come back as a plain string.
		var one string
		if n != 1 || json.Unmarshal(r.TranslatedText, &one) != nil {
			return nil, errors.New("translation service: translatedText is not a list of strings")
		}
		texts = []string{one}
	}
	if len(texts) != n {
		return nil, fmt.Errorf("translation service returned %d texts for %d", len(texts), n)
	}
	return texts, nil
}

// Code turns a BCP-47 tag into LibreTranslate's language code: the primary
// subtag, except Traditional Chinese, which LibreTranslate calls zt.
func Code(tag string) string {
	t := strings.ToLower(tag)
	if strings.HasPrefix(t, "zh-hant") || t == "zh-tw" || t == "zh-hk" || t == "zh-mo" {
		return "zt"
	}
	if i := strings.IndexByte(t, '-'); i > 0 {
		return t[:i]
	}
	return t
}
