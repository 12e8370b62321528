// Package tusclient uploads files to silkbridge over tus 1.0 and downloads
// originals, both resumable: an upload's URL is remembered in a small state
// file keyed by the file's path, size and modification time, and continues
// from the offset the server reports; a download continues a partial file
// with a Range request guarded by If-Range and ends by checking the SHA-256.
package tusclient

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// AssetHeader names the asset a completed upload became.
const AssetHeader = "Silkbridge-Asset-Id"

// Client talks to one silkbridge server with one API token.
type Client struct {
	// Server is the base URL, e.g. http://127.0.0.1:8080.
	Server string
	Token  string
	HTTP   *http.Client
	// ChunkSize is the most bytes sent per PATCH; 0 sends the rest of the
	// file in one request (fastest; progress survives interruptions anyway,
	// the server keeps what arrived).
	ChunkSize int64
	// Checksum sends Upload-Checksum (sha256) with every PATCH; each chunk
	// is then read twice on this side.
	Checksum bool
	// StateDir keeps resumable upload URLs; empty disables resuming.
	StateDir string
}

// Error is a refusal from the server.
type Error struct {
	Status int
	Code   string
	Detail string
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("server answered %d %s", e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("server answered %d: %s", e.Status, e.Detail)
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) request(ctx context.Context, method, url string, body io.Reader) (*http.Request, error) {
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		url = strings.TrimSuffix(c.Server, "/") + url
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	return req, nil
}

func readError(res *http.Response) error {
	e := &Error{Status: res.StatusCode}
	var p struct {
		Detail string `json:"detail"`
		Code   string `json:"code"`
	}
	b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if json.Unmarshal(b, &p) == nil {
		e.Detail, e.Code = p.Detail, p.Code
	} else {
		e.Detail = strings.TrimSpace(string(b))
	}
	return e
}

// EncodeMetadata renders Upload-Metadata (keys sorted, values base64).
func EncodeMetadata(meta map[string]string) string {
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+" "+base64.StdEncoding.EncodeToString([]byte(meta[k])))
	}
	return strings.Join(parts, ",")
}

// Create starts an upload of size bytes and returns its URL.
func (c *Client) Create(ctx context.Context, size int64, meta map[string]string) (string, error) {
	req, err := c.request(ctx, http.MethodPost, "/api/v1/uploads/", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	req.Header.Set("Upload-Metadata", EncodeMetadata(meta))
	res, err := c.http().Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return "", readError(res)
	}
	loc := res.Header.Get("Location")
	if loc == "" {
		return "", errors.New("server created an upload without a Location")
	}
	return loc, nil
}

// Offset asks the server how many bytes of the upload it holds.
func (c *Client) Offset(ctx context.Context, url string) (int64, error) {
	req, err := c.request(ctx, http.MethodHead, url, nil)
	if err != nil {
		return 0, err
	}
	res, err := c.http().Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, &Error{Status: res.StatusCode}
	}
	return strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
}

// Patch sends n bytes from body at offset. It returns the new offset and,
// when these were the last bytes, the asset id.
func (c *Client) Patch(ctx context.Context, url string, offset int64, body io.Reader, n int64, checksum []byte) (int64, string, error) {
	req, err := c.request(ctx, http.MethodPatch, url, body)
	if err != nil {
		return 0, "", err
	}
	req.ContentLength = n
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
	if checksum != nil {
		req.Header.Set("Upload-Checksum", "sha256 "+base64.StdEncoding.EncodeToString(checksum))
	}
	res, err := c.http().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		return 0, "", readError(res)
	}
	off, err := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	return off, res.Header.Get(AssetHeader), err
}

// Terminate deletes an upload in progress.
func (c *Client) Terminate(ctx context.Context, url string) error {
	req, err := c.request(ctx, http.MethodDelete, url, nil)
	if err != nil {
		return err
	}
	res, err := c.http().Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		return readError(res)
	}
	return nil
}

// Progress reports bytes held by the server out of the total.
type Progress func(done, total int64)

// UploadFile uploads path with the given metadata (title, kind, language;
// filename defaults to the file's base name), resuming an earlier attempt
// recorded in StateDir. It returns the new asset's id.
func (c *Client) UploadFile(ctx context.Context, path string, meta map[string]string, progress Progress) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	m := map[string]string{"filename": filepath.Base(path)}
	for k, v := range meta {
		if v != "" {
			m[k] = v
		}
	}
	stateFile := c.statePath(path, st)
	url, offset := "", int64(0)
	if saved := readState(stateFile); saved != "" {
		if off, err := c.Offset(ctx, saved); err == nil {
			url, offset = saved, off
		}
	}
	if url == "" {
		if url, err = c.Create(ctx, st.Size(), m); err != nil {
			return "", err
		}
		writeState(stateFile, url)
	}
	size := st.Size()
	for {
		if progress != nil {
			progress(offset, size)
		}
		n := size - offset
		if c.ChunkSize > 0 && n > c.ChunkSize {
			n = c.ChunkSize
		}
		var sum []byte
		if c.Checksum {
			h := sha256.New()
			if _, err := io.Copy(h, io.NewSectionReader(f, offset, n)); err != nil {
				return "", err
			}
			sum = h.Sum(nil)
		}
		next, asset, err := c.Patch(ctx, url, offset, io.NewSectionReader(f, offset, n), n, sum)
		if err != nil {
			return "", err
		}
		offset = next
		if offset >= size {
			if progress != nil {
				progress(offset, size)
			}
			removeState(stateFile)
			if asset == "" {
				return "", errors.New("upload finished but the server named no asset")
			}
			return asset, nil
		}
	}
}

// statePath names the state file of one version of one file.
func (c *Client) statePath(path string, st os.FileInfo) string {
	if c.StateDir == "" {
		return ""
	}
	abs, _ := filepath.Abs(path)
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d\x00%d", c.Server, abs, st.Size(), st.ModTime().UnixNano())))
	return filepath.Join(c.StateDir, hex.EncodeToString(h[:16])+".upload")
}

func readState(p string) string {
	if p == "" {
		return ""
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func writeState(p, url string) {
	if p == "" {
		return
	}
	os.MkdirAll(filepath.Dir(p), 0o700)
	os.WriteFile(p, []byte(url+"\n"), 0o600)
}

func removeState(p string) {
	if p != "" {
		os.Remove(p)
	}
}

// DefaultStateDir is where the CLI remembers uploads: the user's cache directory.
func DefaultStateDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "silkbridge", "uploads")
}
