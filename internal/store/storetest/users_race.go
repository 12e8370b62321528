package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("UsersLastAdminRace", exerciseLastAdminRace) }

// Two admins demoting each other at once left an organisation without an
// admin when the count was read outside the write transaction (5 of 8 runs).
func exerciseLastAdminRace(t *testing.T, open func(t testing.TB) *store.DB) {
	s := NewServices(open(t))
	SeedOrgs(t, s)
	us := auth.NewUserService(s.DB)
	a := addMember(t, us, "cmg", "race-a@example.org", auth.RoleAdmin)
	b := addMember(t, us, "cmg", "race-b@example.org", auth.RoleAdmin)
	admin := As("cmg", auth.RoleAdmin)
	const runs = 100
	for run := 0; run < runs; run++ {
		for _, u := range []*auth.User{a, b} {
			if err := us.SetRole(admin, u.ID, auth.RoleAdmin); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i, target := range []*auth.User{b, a} { // a demotes b while b demotes a
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = us.SetRole(admin, target.ID, auth.RoleEditor)
			}()
		}
		close(start)
		wg.Wait()
		members, err := s.DB.UserList(context.Background(), "cmg")
		if err != nil {
			t.Fatal(err)
		}
		admins := 0
		for _, m := range members {
			if m.Role == auth.RoleAdmin {
				admins++
			}
		}
		if admins != 1 {
			t.Fatalf("run %d: %d admins left (errors %v), want exactly 1", run, admins, errs)
		}
		refused := 0
		for _, err := range errs {
			if apperr.Is(err, apperr.Conflict) {
				refused++
			} else if err != nil {
				t.Fatalf("run %d: unexpected error %v", run, err)
			}
		}
		if refused != 1 {
			t.Fatalf("run %d: %d demotions refused, want 1 (errors %v)", run, refused, errs)
		}
	}
}
