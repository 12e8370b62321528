package demo

import (
	"context"
	"fmt"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// Password is the documented password of every demo user (docs/web.md). It
// is public on purpose: the demo is for trying silkbridge, never for real data.
const Password = "silkbridge-demo"

// User is a demo user, printed at start so people can sign in.
type User struct {
	Email    string
	Role     auth.Role
	Password string
}

// UserEmail is the demo user of an organisation with a role, e.g. editor@cmg.demo.
func UserEmail(org string, role auth.Role) string { return string(role) + "@" + org + ".demo" }

// loadUsers creates an admin, an editor and a viewer for org unless they
// exist; existing users (and any password changed since) are kept.
func loadUsers(ctx context.Context, st Stores, org string) ([]User, error) {
	users := auth.NewUserService(st, auth.AllowDemoPassword())
	asAdmin := auth.WithPrincipal(ctx, &auth.Principal{Org: org, Role: auth.RoleAdmin, Name: "demo"})
	var out []User
	for _, role := range auth.Roles {
		email := UserEmail(org, role)
		_, err := st.UserGetByEmail(ctx, email)
		if apperr.Is(err, apperr.NotFound) {
			_, err = users.AddMember(asAdmin, auth.NewUser{Email: email, Name: "Demo " + string(role), Role: role, Password: Password})
		}
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", email, err)
		}
		out = append(out, User{Email: email, Role: role, Password: Password})
	}
	return out, nil
}
