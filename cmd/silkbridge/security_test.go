package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
)

func TestUserCreateRefusesCommonAndDemoPasswords(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "", "org", "create", "--slug", "cmg", "--name", "China Media Group", "--country", "CN")
	for pw, want := range map[string]string{"Qwertyuiop\n": "common", "silkbridge-demo\n": "demo"} {
		if _, err := run(t, dir, pw, "user", "create", "--org", "cmg", "--email", "li@example.org", "--role", "editor"); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("password %q: %v, want a %s-password error", strings.TrimSpace(pw), err, want)
		}
	}
}

// TestSecretKeyFlagKeysTokens: with --secret-key the token hashes are keyed
// by the operator's secret, so a process without it (using the database's
// secret) cannot verify them, and one with it can.
func TestSecretKeyFlagKeysTokens(t *testing.T) {
	dir := t.TempDir()
	key := strings.Repeat("0123456789abcdef", 3)
	mustRun(t, dir, "", "org", "create", "--slug", "cmg", "--name", "China Media Group", "--country", "CN")
	out := mustRun(t, dir, "", "--secret-key", key, "token", "create", "--org", "cmg", "--role", "viewer", "--name", "ci")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	db, err := store.Open(context.Background(), filepath.Join(dir, "silkbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := auth.NewTokenService(db).Authenticate(context.Background(), token); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("verified without the operator's key: %v", err)
	}
	if _, err := auth.NewTokenService(db, auth.WithSecret(auth.StaticSecret(key))).Authenticate(context.Background(), token); err != nil {
		t.Fatalf("with the key: %v", err)
	}
	if _, err := run(t, dir, "", "--secret-key", "short", "org", "list"); err == nil || !strings.Contains(err.Error(), "32") {
		t.Fatalf("short secret key: %v", err)
	}
}

func TestTrustedProxiesSetting(t *testing.T) {
	t.Setenv("SILKBRIDGE_TRUST_PROXY", "")
	if p, err := trustedProxies(""); err != nil || p != nil {
		t.Fatalf("default: %v %v, want none trusted", p, err)
	}
	t.Setenv("SILKBRIDGE_TRUST_PROXY", "1")
	if p, _ := trustedProxies(""); len(p) != len(server.PrivateNetworks) {
		t.Fatalf("SILKBRIDGE_TRUST_PROXY=1 alone trusts %v", p)
	}
	if p, err := trustedProxies("10.0.0.0/8,192.0.2.1"); err != nil || len(p) != 2 {
		t.Fatalf("a list: %v %v", p, err)
	}
	if _, err := trustedProxies("10.0.0.0/8,proxy.internal"); err == nil {
		t.Fatal("a host name was accepted")
	}
}
