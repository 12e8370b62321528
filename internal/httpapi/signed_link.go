package httpapi

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// Preview files and subtitle renditions are fetched by players that send no
// credentials, so their URLs carry a signed query: an HMAC over the object's
// id, the file and the expiry, keyed per purpose so a link of one kind never
// opens a file of another.

// signLinkQuery returns the query ("exp=…&sig=…") that lets anyone fetch
// file of object id until exp.
func signLinkQuery(ctx context.Context, keys *auth.Keys, purpose, id, file string, exp time.Time) (string, error) {
	e := strconv.FormatInt(exp.Unix(), 10)
	mac, err := keys.MAC(ctx, purpose, id, file, e)
	if err != nil {
		return "", err
	}
	return "exp=" + e + "&sig=" + base64.RawURLEncoding.EncodeToString(mac), nil
}

// checkLinkSignature returns 0 for a valid, unexpired link, else the status
// and why; expired is the message for a link past its expiry, telling the
// holder where to get a fresh one.
func checkLinkSignature(ctx context.Context, keys *auth.Keys, purpose, id, file, exp, sig, expired string) (int, string) {
	e, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return http.StatusForbidden, "the link is malformed"
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return http.StatusForbidden, "the link is malformed"
	}
	want, err := keys.MAC(ctx, purpose, id, file, exp)
	if err != nil {
		return http.StatusInternalServerError, "internal error"
	}
	if !hmac.Equal(got, want) {
		return http.StatusForbidden, "the link's signature does not match"
	}
	if time.Now().Unix() > e {
		return http.StatusForbidden, expired
	}
	return 0, ""
}
