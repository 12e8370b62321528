package tusclient

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

// Asset is the part of an asset a download needs.
type Asset struct {
	ID       string `json:"id"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
}

// GetAsset reads an asset's description.
func (c *Client) GetAsset(ctx context.Context, id string) (*Asset, error) {
	req, err := c.request(ctx, http.MethodGet, "/api/v1/assets/"+id, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.http().Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, readError(res)
	}
	var a Asset
	return &a, json.NewDecoder(res.Body).Decode(&a)
}

// Download fetches an asset's original into path. A partial file left by an
// earlier attempt is continued with a Range request; If-Range makes the
// server send the whole file instead should the content differ. The result
// is checked against the asset's SHA-256.
func (c *Client) Download(ctx context.Context, id, path string, progress Progress) (*Asset, error) {
	a, err := c.GetAsset(ctx, id)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	have := st.Size()
	if have > a.Size {
		have = 0
	}
	h := sha256.New()
	if have > 0 {
		if _, err := io.Copy(h, io.NewSectionReader(f, 0, have)); err != nil {
			return nil, err
		}
	}
	if have < a.Size {
		req, err := c.request(ctx, http.MethodGet, "/api/v1/assets/"+id+"/download", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Del("Tus-Resumable")
		if have > 0 {
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
			req.Header.Set("If-Range", `"`+a.SHA256+`"`)
		}
		res, err := c.http().Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		switch res.StatusCode {
		case http.StatusPartialContent:
		case http.StatusOK:
			have = 0
			h.Reset()
		default:
			return nil, readError(res)
		}
		if err := f.Truncate(have); err != nil {
			return nil, err
		}
		if _, err := f.Seek(have, io.SeekStart); err != nil {
			return nil, err
		}
		w := io.MultiWriter(f, h)
		if progress != nil {
			w = io.MultiWriter(w, &counter{done: have, total: a.Size, fn: progress})
		}
		if _, err := io.Copy(w, res.Body); err != nil {
			return nil, err
		}
	} else if err := f.Truncate(a.Size); err != nil {
		return nil, err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.SHA256 {
		return nil, fmt.Errorf("downloaded file's SHA-256 is %s, the asset's is %s; delete %s and download again", got, a.SHA256, path)
	}
	return a, f.Sync()
}

type counter struct {
	done, total int64
	fn          Progress
}

func (c *counter) Write(p []byte) (int, error) {
	c.done += int64(len(p))
	c.fn(c.done, c.total)
	return len(p), nil
}

// OwnTitle returns the id of a title owned by the caller's organisation
// (the first found; for benchmarks and smoke tests).
func (c *Client) OwnTitle(ctx context.Context) (string, error) {
	get := func(path string, v any) error {
		req, err := c.request(ctx, http.MethodGet, path, nil)
		if err != nil {
			return err
		}
		res, err := c.http().Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return readError(res)
		}
		return json.NewDecoder(res.Body).Decode(v)
	}
	var me struct {
		Org string `json:"org"`
	}
	if err := get("/api/v1/me", &me); err != nil {
		return "", err
	}
	var titles struct {
		Items []struct {
			ID    string `json:"id"`
			Owner string `json:"owner"`
		} `json:"items"`
	}
	if err := get("/api/v1/titles?limit=100", &titles); err != nil {
		return "", err
	}
	for _, t := range titles.Items {
		if t.Owner == me.Org {
			return t.ID, nil
		}
	}
	return "", fmt.Errorf("no title owned by %s", me.Org)
}
