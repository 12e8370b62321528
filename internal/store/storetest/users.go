package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Users", exerciseUsers) }

// addMember adds a user to org through the service, as an admin of org would.
func addMember(t testing.TB, us *auth.UserService, org, email string, role auth.Role) *auth.User {
	t.Helper()
	u, err := us.AddMember(As(org, auth.RoleAdmin), auth.NewUser{Email: email, Role: role, Password: "correct horse battery"})
	if err != nil {
		t.Fatalf("add %s to %s: %v", email, org, err)
	}
	return u
}

func exerciseUsers(t *testing.T, open func(t testing.TB) *store.DB) {
	ctx := context.Background()
	t.Run("AddAuthenticateAndList", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		us := auth.NewUserService(s.DB)
		u, err := us.AddMember(As("cmg", auth.RoleAdmin), auth.NewUser{Email: " Ed@CMG.example ", Name: "编辑", Role: auth.RoleEditor, Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ed@cmg.example" || u.Org != "cmg" || u.PasswordHash == "" || u.PasswordHash == "correct horse battery" {
			t.Fatalf("stored user = %+v", u)
		}
		got, err := us.Authenticate(ctx, "ED@cmg.example", "correct horse battery")
		if err != nil || got.ID != u.ID || got.Role != auth.RoleEditor || got.Name != "编辑" || !within(got.CreatedAt, u.CreatedAt) {
			t.Fatalf("authenticate = %+v, %v", got, err)
		}
		if _, err := us.Authenticate(ctx, "ed@cmg.example", "wrong horse battery"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := us.Authenticate(ctx, "nobody@cmg.example", "correct horse battery"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("unknown email: %v", err)
		}
		addMember(t, us, "vgtrk", "ivan@vgtrk.example", auth.RoleViewer)
		list, err := us.Members(As("cmg", auth.RoleAdmin))
		if err != nil || len(list) != 1 || list[0].ID != u.ID {
			t.Fatalf("cmg members = %v, %v (another org's user must not appear)", list, err)
		}
	})
	t.Run("DuplicateEmailConflictsAcrossOrgs", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		us := auth.NewUserService(s.DB)
		addMember(t, us, "cmg", "same@example.org", auth.RoleViewer)
		_, err := us.AddMember(As("vgtrk", auth.RoleAdmin), auth.NewUser{Email: "SAME@example.org", Role: auth.RoleViewer, Password: "correct horse battery"})
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
	t.Run("InvalidInputStoresNothing", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		us := auth.NewUserService(s.DB)
		_, err := us.AddMember(As("cmg", auth.RoleAdmin), auth.NewUser{Email: "not-an-email", Role: "boss", Password: "short"})
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asErr(err, &ae) || len(ae.Fields) != 3 {
			t.Fatalf("err = %v, want three field errors", err)
		}
		if _, err := s.DB.UserGetByEmail(ctx, "not-an-email"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("invalid user stored: %v", err)
		}
		if err := s.DB.UserCreate(ctx, &auth.User{ID: "x", Org: "ghost", Email: "g@example.org", Role: auth.RoleViewer, PasswordHash: "h"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("user of unknown org: %v", err)
		}
	})
	t.Run("OnlyAdminsManageMembers", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		us := auth.NewUserService(s.DB)
		u := addMember(t, us, "cmg", "v@example.org", auth.RoleViewer)
		editor := As("cmg", auth.RoleEditor)
		if _, err := us.AddMember(editor, auth.NewUser{Email: "x@example.org", Role: auth.RoleAdmin, Password: "correct horse battery"}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("editor added a member: %v", err)
		}
		if err := us.SetRole(editor, u.ID, auth.RoleAdmin); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("editor changed a role: %v", err)
		}
		if err := us.SetRole(As("vgtrk", auth.RoleAdmin), u.ID, auth.RoleAdmin); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another org's admin changed a role: %v", err)
		}
	})
	t.Run("LastAdminCannotBeDemoted", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		us := auth.NewUserService(s.DB)
		admin := addMember(t, us, "cmg", "a@example.org", auth.RoleAdmin)
		other := addMember(t, us, "cmg", "b@example.org", auth.RoleViewer)
		ctx := As("cmg", auth.RoleAdmin)
		if err := us.SetRole(ctx, admin.ID, auth.RoleEditor); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("demoting the last admin: %v", err)
		}
		if err := us.SetRole(ctx, other.ID, auth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := us.SetRole(ctx, admin.ID, auth.RoleEditor); err != nil {
			t.Fatalf("demoting one of two admins: %v", err)
		}
		got, _ := s.DB.UserGet(context.Background(), admin.ID)
		if got.Role != auth.RoleEditor {
			t.Fatalf("role = %s, want editor", got.Role)
		}
	})
	t.Run("SessionsResolveExpireAndEnd", func(t *testing.T) { exerciseSessions(t, open) })
}

func exerciseSessions(t *testing.T, open func(t testing.TB) *store.DB) {
	ctx := context.Background()
	s := NewServices(open(t))
	SeedOrgs(t, s)
	us := auth.NewUserService(s.DB)
	ss := auth.NewSessionService(s.DB, s.DB)
	u := addMember(t, us, "vgtrk", "s@example.org", auth.RoleEditor)
	raw, sess, err := ss.Start(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if sess.IDHash == raw || sess.IDHash != auth.HashSessionID(raw) {
		t.Fatal("the raw session id must not be what is stored")
	}
	got, err := ss.Resolve(ctx, raw)
	if err != nil || got.ID != u.ID {
		t.Fatalf("resolve = %+v, %v", got, err)
	}
	// A role change applies to a live session.
	if err := us.SetRole(As("vgtrk", auth.RoleAdmin), u.ID, auth.RoleViewer); err != nil {
		t.Fatal(err)
	}
	if got, _ := ss.Resolve(ctx, raw); got == nil || got.Role != auth.RoleViewer {
		t.Fatalf("role after change = %+v", got)
	}
	if _, err := ss.Resolve(ctx, raw[:len(raw)-1]+"x"); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("tampered id: %v", err)
	}
	// An expired session is refused and swept.
	old := &auth.Session{IDHash: auth.HashSessionID("expired-session-id-expired-session-id"), UserID: u.ID,
		CreatedAt: time.Now().Add(-48 * time.Hour), ExpiresAt: time.Now().Add(-time.Hour)}
	if err := s.DB.SessionCreate(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Resolve(ctx, "expired-session-id-expired-session-id"); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("expired session: %v", err)
	}
	n, err := s.DB.SessionDeleteExpired(ctx, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("swept %d expired sessions, %v; want 1", n, err)
	}
	if err := ss.End(ctx, raw); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Resolve(ctx, raw); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("ended session still resolves: %v", err)
	}
	if err := ss.End(ctx, raw); err != nil {
		t.Fatalf("ending twice: %v", err)
	}
}

func asErr(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	if ok {
		*target = e
	}
	return ok
}
