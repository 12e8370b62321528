package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store"
)

func TestUserCreateReadsThePasswordFromStdin(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "", "org", "create", "--slug", "cmg", "--name", "China Media Group", "--country", "CN")
	out := mustRun(t, dir, "a long password\n", "user", "create", "--org", "cmg", "--email", "Li@Example.org", "--role", "editor", "--name", "Li")
	if !strings.Contains(out, "created editor li@example.org") {
		t.Fatalf("output: %s", out)
	}
	if list := mustRun(t, dir, "", "user", "list", "--org", "cmg"); !strings.Contains(list, "li@example.org") || !strings.Contains(list, "editor") {
		t.Fatalf("user list:\n%s", list)
	}
	if _, err := run(t, dir, "", "user", "create", "--org", "cmg", "--email", "x@example.org", "--role", "viewer"); err == nil || !strings.Contains(err.Error(), "stdin") {
		t.Fatalf("no password on stdin: %v", err)
	}
	if _, err := run(t, dir, "short\n", "user", "create", "--org", "cmg", "--email", "y@example.org", "--role", "viewer"); err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("short password: %v", err)
	}
	if _, err := run(t, dir, "a long password\n", "user", "create", "--org", "ghost", "--email", "z@example.org", "--role", "viewer"); err == nil {
		t.Fatal("user created in an unknown organisation")
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, "silkbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := auth.NewUserService(db).Authenticate(context.Background(), "li@example.org", "a long password")
	if err != nil || u.Org != "cmg" || u.Name != "Li" {
		t.Fatalf("sign in with the piped password: %+v, %v", u, err)
	}
}
