package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Audit", exerciseAudit) }

func exerciseAudit(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("RecordsWhoChangedWhat", func(t *testing.T) {
		db := open(t)
		s := NewServices(db)
		SeedOrgs(t, s)
		editor := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "cmg", Role: auth.RoleEditor, Name: "ingest-bot", TokenID: "tk1"})
		ti, err := s.Catalog.Create(editor, TitleFields("Audited", catalog.VisibilityPrivate))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Catalog.Patch(editor, ti.ID, map[string]any{"production_year": 2021.0}, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.Catalog.Delete(editor, ti.ID, ""); err != nil {
			t.Fatal(err)
		}
		tok, _, err := s.Tokens.Issue(editor, "cmg", auth.RoleViewer, "reader")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Tokens.Revoke(editor, "cmg", tok.ID); err != nil {
			t.Fatal(err)
		}
		svc := audit.NewService(db)
		if _, err := svc.List(editor, audit.ListParams{}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("an editor read the audit log: %v", err)
		}
		entries, err := svc.List(As("cmg", auth.RoleAdmin), audit.ListParams{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if e.Action == "title.updated" && !strings.Contains(string(e.Changes), `"production_year":2021`) {
				t.Errorf("update entry does not say what changed: %s", e.Changes)
			}
			if strings.HasPrefix(e.Action, "title.") && (e.Actor != "ingest-bot" || e.ActorKind != "token") {
				t.Errorf("entry %s actor = %s/%s", e.Action, e.Actor, e.ActorKind)
			}
		}
		want := "title.created title.updated title.deleted token.created token.revoked"
		if got := strings.Join(actions, " "); got != want {
			t.Fatalf("actions = %q, want %q", got, want)
		}
		other, _ := svc.List(As("vgtrk", auth.RoleAdmin), audit.ListParams{})
		if len(other) != 0 {
			t.Fatalf("vgtrk sees %d of cmg's audit entries", len(other))
		}
	})
	t.Run("RecordsMemberChanges", func(t *testing.T) {
		db := open(t)
		s := NewServices(db)
		SeedOrgs(t, s)
		us := auth.NewUserService(db)
		admin := As("vgtrk", auth.RoleAdmin)
		u, err := us.AddMember(admin, auth.NewUser{Email: "translator@example.org", Role: auth.RoleViewer, Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		if err := us.SetRole(admin, u.ID, auth.RoleEditor); err != nil {
			t.Fatal(err)
		}
		if err := us.SetPassword(auth.WithPrincipal(context.Background(), &auth.Principal{Org: "vgtrk", Role: auth.RoleViewer, UserID: u.ID, Name: u.Email}), u.ID, "another long passphrase"); err != nil {
			t.Fatal(err)
		}
		entries, err := audit.NewService(db).List(admin, audit.ListParams{Entity: "member", EntityID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if strings.Contains(string(e.Changes), "argon2") {
				t.Fatalf("a password hash reached the audit log: %s", e.Changes)
			}
		}
		if got := strings.Join(actions, " "); got != "member.created member.role_changed member.password_changed" {
			t.Fatalf("member audit = %q", got)
		}
	})
	t.Run("IsAppendOnly", func(t *testing.T) {
		db := open(t)
		s := NewServices(db)
		SeedOrgs(t, s)
		if _, err := s.Catalog.Create(As("cmg", auth.RoleEditor), TitleFields("x", catalog.VisibilityPrivate)); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(context.Background(), `UPDATE audit_log SET actor = 'forged'`); err == nil {
			t.Fatal("audit_log accepted an UPDATE")
		}
		if err := db.ExecForTest(context.Background(), `DELETE FROM audit_log`); err == nil {
			t.Fatal("audit_log accepted a DELETE")
		}
	})
}
