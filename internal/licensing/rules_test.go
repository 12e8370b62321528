package licensing

import (
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

func TestReminderMarks(t *testing.T) {
	for left, want := range map[int]int{45: 0, 31: 0, 30: 30, 20: 30, 8: 30, 7: 7, 1: 7, 0: 7} {
		if got := markFor(left); got != want {
			t.Errorf("markFor(%d) = %d, want %d", left, got, want)
		}
	}
}

func TestTurns(t *testing.T) {
	now := time.Date(2025, 8, 1, 12, 0, 0, 0, time.UTC)
	r := &Request{Licensor: "cmg", Licensee: "vgtrk", State: Countered, ProposedBy: "cmg", Deadline: now.Add(time.Hour)}
	vg := &auth.Principal{Org: "vgtrk", Role: auth.RoleEditor}
	cm := &auth.Principal{Org: "cmg", Role: auth.RoleAdmin}
	cases := []struct {
		p    *auth.Principal
		a    Action
		want apperr.Code
	}{
		{vg, Accept, ""}, {vg, Counter, ""}, {vg, Withdraw, ""}, {vg, Decline, apperr.Forbidden},
		{cm, Accept, apperr.Forbidden}, {cm, Counter, apperr.Forbidden}, {cm, Decline, ""}, {cm, Withdraw, apperr.Forbidden},
		{&auth.Principal{Org: "vgtrk", Role: auth.RoleViewer}, Accept, apperr.Forbidden},
	}
	for _, c := range cases {
		err := r.Can(c.p, c.a, now)
		if got := apperr.Code(""); err != nil {
			got = apperr.ErrorCode(err)
			if got != c.want {
				t.Errorf("%s %s: %v, want %q", c.p.Org, c.a, err, c.want)
			}
		} else if c.want != "" {
			t.Errorf("%s %s allowed, want %q", c.p.Org, c.a, c.want)
		}
	}
	// One second past the deadline the request is expired for everyone.
	if err := r.Can(vg, Accept, now.Add(time.Hour+time.Second)); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("accept after the deadline: %v", err)
	}
	if r.StateAt(now.Add(2*time.Hour)) != Expired || r.StateAt(now) != Countered {
		t.Error("StateAt ignores the deadline")
	}
}
