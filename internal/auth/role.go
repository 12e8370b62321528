// Package auth holds who a caller is (Principal), what roles allow, and how
// secrets (passwords, API tokens) are generated, hashed and verified.
package auth

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Role is a member's role within one organisation.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
)

// Roles lists every valid role.
var Roles = []Role{RoleAdmin, RoleEditor, RoleViewer}

// ParseRole validates a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", apperr.New(apperr.Invalid, "role must be admin, editor or viewer, not %q", s)
}

// Principal is an authenticated caller acting for one organisation.
type Principal struct {
	Org     string // organisation slug
	Role    Role
	TokenID string // set when authenticated by API token
	UserID  string // set when authenticated by a web session
	Name    string // token name or user email, for audit and display
}

// CanWrite reports whether the principal may create and change its organisation's records.
func (p *Principal) CanWrite() bool { return p != nil && (p.Role == RoleAdmin || p.Role == RoleEditor) }

// IsAdmin reports whether the principal administers its organisation.
func (p *Principal) IsAdmin() bool { return p != nil && p.Role == RoleAdmin }

// RequireWrite returns Forbidden unless the principal may write.
func (p *Principal) RequireWrite() error {
	if !p.CanWrite() {
		return apperr.New(apperr.Forbidden, "role %q may not change records; admin or editor required", p.role())
	}
	return nil
}

// RequireAdmin returns Forbidden unless the principal is an admin.
func (p *Principal) RequireAdmin() error {
	if !p.IsAdmin() {
		return apperr.New(apperr.Forbidden, "role %q may not do this; admin required", p.role())
	}
	return nil
}

func (p *Principal) role() Role {
	if p == nil {
		return ""
	}
	return p.Role
}

type principalKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal in ctx, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Require returns the principal in ctx or an Unauthenticated error.
func Require(ctx context.Context) (*Principal, error) {
	if p := FromContext(ctx); p != nil {
		return p, nil
	}
	return nil, apperr.New(apperr.Unauthenticated, "authentication required")
}
