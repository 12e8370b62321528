package auth

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// User is a person who signs in to the web interface. A user belongs to
// exactly one organisation and acts there with one role.
type User struct {
	ID           string    `json:"id"`
	Org          string    `json:"org"`
	Email        string    `json:"email"` // lower-cased; unique across the hub
	Name         string    `json:"name,omitempty"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"` // argon2id, PHC format
	CreatedAt    time.Time `json:"created_at"`
}

// Principal returns the principal a signed-in user acts as.
func (u *User) Principal() *Principal {
	return &Principal{Org: u.Org, Role: u.Role, UserID: u.ID, Name: u.Email}
}

// UserStore persists users.
type UserStore interface {
	// UserCreate stores u. Returns Conflict when the email is taken and
	// Invalid when u.Org does not exist.
	UserCreate(ctx context.Context, u *User) error
	// UserGet returns the user with id. Returns NotFound.
	UserGet(ctx context.Context, id string) (*User, error)
	// UserGetByEmail returns the user with a (lower-cased) email. Returns NotFound.
	UserGetByEmail(ctx context.Context, email string) (*User, error)
	// UserList returns an organisation's users ordered by email.
	UserList(ctx context.Context, org string) ([]*User, error)
	// UserSetRole changes the role of a user of org, in one transaction with
	// a read of org's members (locked against concurrent role changes) that
	// allow checks first; allow's error is returned and nothing is changed.
	// Returns NotFound when org has no such user.
	UserSetRole(ctx context.Context, org, id string, role Role, allow func(members []*User) error) error
	// UserSetPassword replaces a user's password hash. Returns NotFound.
	UserSetPassword(ctx context.Context, id, hash string) error
}

// NewUser is what an administrator supplies to add a member.
type NewUser struct {
	Email    string
	Name     string
	Role     Role
	Password string
}

// Password length limits. The upper bound stops a megabyte "password" from
// being fed to argon2id; the lower one follows NIST SP 800-63B.
const (
	PasswordMin = 10
	PasswordMax = 256
)

// UserService manages the members of organisations and checks passwords.
type UserService struct {
	store UserStore
	now   func() time.Time
	// dummyHash is verified when an email is unknown, so a failed sign-in
	// takes as long whether or not the account exists.
	dummyHash string
	// allowDemo lets the demo loader give its users the published demo password.
	allowDemo bool
}

// NewUserService returns a user service over store.
func NewUserService(store UserStore, opts ...Option) *UserService {
	h, err := HashSecret(RandomString(16))
	if err != nil {
		panic(err) // only fails when crypto/rand does
	}
	var o options
	for _, fn := range opts {
		fn(&o)
	}
	return &UserService{store: store, now: time.Now, dummyHash: h, allowDemo: o.allowDemo}
}

// textError returns an Invalid error when v breaks the text rule (control
// characters, invalid UTF-8, nothing visible), else nil.
func textError(field, v string) error {
	var f apperr.Fields
	textrule.Field(&f, field, v, textrule.SingleLine)
	return f.Err()
}

// NormalizeEmail trims and lower-cases an email address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validate checks nu and returns field errors named like the form inputs.
func (nu *NewUser) validate(allowDemo bool) error {
	var f apperr.Fields
	nu.Email = NormalizeEmail(nu.Email)
	if a, err := mail.ParseAddress(nu.Email); err != nil || a.Address != nu.Email || len(nu.Email) > 254 {
		f.AddCode("email", "email.invalid", nil, "must be an email address such as name@example.org")
	} else {
		textrule.Field(&f, "email", nu.Email, textrule.SingleLine)
	}
	nu.Name = strings.TrimSpace(nu.Name)
	if utf8.RuneCountInString(nu.Name) > 200 {
		f.AddCode("name", "text.too_long", map[string]any{"Max": 200}, "must be at most 200 characters")
	} else {
		textrule.Field(&f, "name", nu.Name, textrule.SingleLine)
	}
	if _, err := ParseRole(string(nu.Role)); err != nil {
		f.AddCode("role", "role.invalid", nil, "must be admin, editor or viewer")
	}
	if pe := checkPassword(nu.Password, allowDemo); pe != nil {
		f = append(f, *pe)
	}
	return f.Err()
}

// AddMember creates a user in the caller's organisation. Admins only.
// Returns Invalid with field errors, or Conflict when the email is taken.
func (s *UserService) AddMember(ctx context.Context, nu NewUser) (*User, error) {
	p, err := Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireAdmin(); err != nil {
		return nil, err
	}
	if err := nu.validate(s.allowDemo); err != nil {
		return nil, err
	}
	hash, err := HashSecret(nu.Password)
	if err != nil {
		return nil, err
	}
	u := &User{
		ID: uuid.Must(uuid.NewV7()).String(), Org: p.Org, Email: nu.Email, Name: nu.Name, Role: nu.Role,
		PasswordHash: hash, CreatedAt: s.now().UTC().Truncate(time.Microsecond),
	}
	if err := s.store.UserCreate(ctx, u); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return nil, &apperr.Error{Code: apperr.Conflict, Message: "a user with this email already exists",
				Fields: []apperr.FieldError{{Field: "email", Message: "is already in use", Code: "email.taken"}}}
		}
		return nil, err
	}
	return u, nil
}

// Members lists the users of the caller's organisation. Admins only.
func (s *UserService) Members(ctx context.Context) ([]*User, error) {
	p, err := Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireAdmin(); err != nil {
		return nil, err
	}
	return s.store.UserList(ctx, p.Org)
}

// SetRole changes the role of a member of the caller's organisation. Admins
// only. An organisation always keeps at least one admin, so demoting the last
// one is a Conflict.
func (s *UserService) SetRole(ctx context.Context, userID string, role Role) error {
	p, err := Require(ctx)
	if err != nil {
		return err
	}
	if err := p.RequireAdmin(); err != nil {
		return err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return (apperr.Fields{{Field: "role", Message: "must be admin, editor or viewer"}}).Err()
	}
	// The count is made inside the write transaction: read before it, two
	// admins demoting each other at once could both see two admins.
	return s.store.UserSetRole(ctx, p.Org, userID, role, func(members []*User) error {
		return keepsAnAdmin(members, userID, role)
	})
}

// keepsAnAdmin refuses a role change that would leave the organisation
// without an admin, and a change to a user who is not a member.
func keepsAnAdmin(members []*User, userID string, role Role) error {
	admins, target := 0, (*User)(nil)
	for _, m := range members {
		if m.Role == RoleAdmin {
			admins++
		}
		if m.ID == userID {
			target = m
		}
	}
	if target == nil {
		return apperr.New(apperr.NotFound, "user %q not found", userID)
	}
	if target.Role == RoleAdmin && role != RoleAdmin && admins <= 1 {
		return apperr.New(apperr.Conflict, "an organisation needs at least one admin")
	}
	return nil
}

// SetPassword replaces a user's password: their own, or a member's when the
// caller administers the member's organisation.
func (s *UserService) SetPassword(ctx context.Context, userID, password string) error {
	// Users change their own password; admins may reset their members'.
	p, err := Require(ctx)
	if err != nil {
		return err
	}
	if p.UserID != userID {
		u, err := s.store.UserGet(ctx, userID)
		if err != nil || u.Org != p.Org {
			return apperr.New(apperr.NotFound, "user %q not found", userID)
		}
		if err := p.RequireAdmin(); err != nil {
			return err
		}
	}
	if pe := checkPassword(password, s.allowDemo); pe != nil {
		return (apperr.Fields{*pe}).Err()
	}
	hash, err := HashSecret(password)
	if err != nil {
		return err
	}
	return s.store.UserSetPassword(ctx, userID, hash)
}

// GetByEmail returns a user by email (operator and demo use).
func (s *UserService) GetByEmail(ctx context.Context, email string) (*User, error) {
	return s.store.UserGetByEmail(ctx, NormalizeEmail(email))
}

// Authenticate checks an email and password and returns the user, or
// Unauthenticated without saying which of the two was wrong.
func (s *UserService) Authenticate(ctx context.Context, email, password string) (*User, error) {
	bad := apperr.New(apperr.Unauthenticated, "wrong email or password")
	if len(password) > PasswordMax*4 { // bytes; refuse before hashing
		return nil, bad
	}
	u, err := s.store.UserGetByEmail(ctx, NormalizeEmail(email))
	if apperr.Is(err, apperr.NotFound) {
		VerifySecret(password, s.dummyHash)
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	ok, err := VerifySecret(password, u.PasswordHash)
	if err != nil || !ok {
		return nil, bad
	}
	return u, nil
}
