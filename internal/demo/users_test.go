package demo_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestLoadCreatesDemoUsersOnce(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	first, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatalf("second load: %v", err)
	}
	users := auth.NewUserService(db)
	for _, c := range first {
		if len(c.Users) != 3 {
			t.Fatalf("%s: %d demo users, want admin, editor and viewer", c.Org, len(c.Users))
		}
		members, err := users.Members(storetest.As(c.Org, auth.RoleAdmin))
		if err != nil || len(members) != 3 {
			t.Fatalf("%s has %d members after two loads, %v", c.Org, len(members), err)
		}
		for _, du := range c.Users {
			u, err := users.Authenticate(ctx, du.Email, du.Password)
			if err != nil || u.Org != c.Org || u.Role != du.Role {
				t.Fatalf("sign in as %s: %+v, %v", du.Email, u, err)
			}
		}
	}
}
