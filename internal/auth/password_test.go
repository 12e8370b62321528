package auth

import (
	"context"
	"errors"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// TestCommonPasswordRefused: OWASP ASVS 2.1.7 asks that passwords be checked
// against the commonest ones; these pass the length rule and are refused in
// any case.
func TestCommonPasswordRefused(t *testing.T) {
	for _, pw := range []string{"qwertyuiop", "1234567890", "Password123", "1q2w3e4r5t", "MANCHESTER", " q1w2e3r4t5 "} {
		fe := checkPassword(pw, false)
		if fe == nil || fe.Code != CodePasswordCommon || fe.Field != "password" {
			t.Errorf("%q: %+v, want %s", pw, fe, CodePasswordCommon)
		}
	}
	for _, pw := range []string{"correct horse battery", "红丝绸之路的故事很长", "Шёлковый путь 2025"} {
		if fe := checkPassword(pw, false); fe != nil {
			t.Errorf("%q refused: %+v", pw, fe)
		}
	}
}

func TestDemoPasswordRefusedOutsideDemo(t *testing.T) {
	for _, pw := range []string{DemoPassword, "SILKBRIDGE-DEMO"} {
		if fe := checkPassword(pw, false); fe == nil || fe.Code != CodePasswordDemo {
			t.Errorf("%q: %+v, want %s", pw, fe, CodePasswordDemo)
		}
	}
	if fe := checkPassword(DemoPassword, true); fe != nil {
		t.Fatalf("demo loader refused: %+v", fe)
	}
}

func TestPasswordLengthHasCode(t *testing.T) {
	fe := checkPassword("short", false)
	if fe == nil || fe.Code != CodePasswordLength || fe.Params["Min"] != PasswordMin {
		t.Fatalf("short password: %+v", fe)
	}
}

func TestCommonPasswordListLoaded(t *testing.T) {
	if n := len(commonPasswords()); n < 29000 {
		t.Fatalf("embedded list has %d passwords", n)
	}
}

// memUsers is enough of a UserStore for the services' password paths.
type memUsers struct{ UserStore }

func (memUsers) UserCreate(context.Context, *User) error { return nil }

func TestAddMemberAndSetPasswordRefuseCommon(t *testing.T) {
	ctx := WithPrincipal(context.Background(), &Principal{Org: "cmg", Role: RoleAdmin, UserID: "u1"})
	us := NewUserService(memUsers{})
	_, err := us.AddMember(ctx, NewUser{Email: "a@example.org", Role: RoleViewer, Password: "1234567890"})
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || len(ae.Fields) != 1 || ae.Fields[0].Code != CodePasswordCommon {
		t.Fatalf("add member with a common password: %v", err)
	}
	if err := us.SetPassword(ctx, "u1", "silkbridge-demo"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("set demo password: %v", err)
	}
	demo := NewUserService(memUsers{}, AllowDemoPassword())
	if _, err := demo.AddMember(ctx, NewUser{Email: "d@example.org", Role: RoleViewer, Password: DemoPassword}); err != nil {
		t.Fatalf("demo loader: %v", err)
	}
}
