package storetest

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("ServerSecretAndTokenHashes", exerciseSecrets) }

func exerciseSecrets(t *testing.T, open func(t testing.TB) *store.DB) {
	ctx := context.Background()
	// Many processes start at once on one database: each offers a random
	// secret, and all must end up with the same one.
	t.Run("ServerSecretSameForConcurrentStarters", func(t *testing.T) {
		db := open(t)
		const n = 8
		got := make([][]byte, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); got[i], errs[i] = db.ServerSecret(ctx) }()
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("starter %d: %v", i, errs[i])
			}
			if len(got[i]) < 32 || !bytes.Equal(got[i], got[0]) {
				t.Fatalf("starter %d got another secret (%d bytes)", i, len(got[i]))
			}
		}
		again, err := db.ServerSecret(ctx)
		if err != nil || !bytes.Equal(again, got[0]) {
			t.Fatalf("secret changed on a later call: %v", err)
		}
	})
	t.Run("TokenHashIsHMACOfStoredSecret", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		_, plain, err := s.Tokens.Issue(ctx, "cmg", auth.RoleEditor, "ci")
		if err != nil {
			t.Fatal(err)
		}
		stored, err := s.DB.TokenGet(ctx, auth.TokenIDOf(plain))
		if err != nil || !strings.HasPrefix(stored.SecretHash, "$hmac-sha256$") {
			t.Fatalf("stored = %+v, %v", stored, err)
		}
		// A fresh service (another process) on the same database verifies it.
		if _, err := auth.NewTokenService(s.DB).Authenticate(ctx, plain); err != nil {
			t.Fatalf("another process: %v", err)
		}
	})
	t.Run("LegacyArgonTokenUpgradedOnce", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		secret := auth.RandomString(32)
		hash, err := auth.HashSecret(secret)
		if err != nil {
			t.Fatal(err)
		}
		legacy := &auth.Token{ID: "legacy1", Org: "vgtrk", Name: "before HMAC", Role: auth.RoleViewer, SecretHash: hash}
		if err := s.DB.TokenCreate(ctx, legacy); err != nil {
			t.Fatal(err)
		}
		plain := "sbt_legacy1_" + secret
		if _, err := s.Tokens.Authenticate(ctx, "sbt_legacy1_"+auth.RandomString(32)); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("wrong secret: %v", err)
		}
		if got, _ := s.DB.TokenGet(ctx, "legacy1"); got.SecretHash != hash {
			t.Fatal("a wrong secret rewrote the hash")
		}
		p, err := s.Tokens.Authenticate(ctx, plain)
		if err != nil || p.Org != "vgtrk" || p.TokenID != "legacy1" {
			t.Fatalf("legacy token = %+v, %v", p, err)
		}
		upgraded, _ := s.DB.TokenGet(ctx, "legacy1")
		if !strings.HasPrefix(upgraded.SecretHash, "$hmac-sha256$") {
			t.Fatalf("hash not upgraded: %q", upgraded.SecretHash)
		}
		// A second upgrade racing the first finds the old hash gone: no-op.
		if err := s.DB.TokenUpgradeHash(ctx, "legacy1", hash, "$hmac-sha256$other"); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.DB.TokenGet(ctx, "legacy1"); again.SecretHash != upgraded.SecretHash {
			t.Fatalf("stale upgrade overwrote the hash: %q", again.SecretHash)
		}
		if _, err := auth.NewTokenService(s.DB).Authenticate(ctx, plain); err != nil {
			t.Fatalf("upgraded token in another process: %v", err)
		}
	})
}
