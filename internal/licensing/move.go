package licensing

import (
	"context"
	"fmt"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/etag"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Accept concludes the request on its standing terms: the licence is created
// in the same transaction, after availability is re-checked there.
func (s *Service) Accept(ctx context.Context, id string, m Move) (*Request, error) {
	r, err := s.move(ctx, id, Accept, m)
	return r, rights.OwnConflict(ctx, err)
}

// Decline refuses the request (the licensor).
func (s *Service) Decline(ctx context.Context, id string, m Move) (*Request, error) {
	return s.move(ctx, id, Decline, m)
}

// Withdraw gives the request up (the licensee).
func (s *Service) Withdraw(ctx context.Context, id string, m Move) (*Request, error) {
	return s.move(ctx, id, Withdraw, m)
}

// Counter proposes other terms in answer to the standing ones. They must be
// grantable today, or the counter is refused with the reasons.
func (s *Service) Counter(ctx context.Context, id string, in CounterInput, ifMatch string) (*Request, error) {
	t, d := in.Terms, in.Deal
	r, err := s.move(ctx, id, Counter, Move{Terms: &t, Deal: &d, Message: in.Message, Deadline: in.Deadline, IfMatch: ifMatch})
	return r, rights.OwnConflict(ctx, err)
}

// move checks, outside and again inside the store's transaction, that the
// caller may make the move, and has the store write it.
func (s *Service) move(ctx context.Context, id string, a Action, m Move) (*Request, error) {
	p, r, err := s.visible(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	// Refuse early with the right status before validating the body, so a
	// viewer or the wrong party learns that first.
	if err := r.Can(p, a, now); err != nil {
		return nil, err
	}
	var f apperr.Fields
	m.Message = strings.TrimSpace(m.Message)
	checkMessage(&f, "message", m.Message)
	if a == Counter {
		if _, err := m.Terms.Normalize(); err != nil {
			f = append(f, fieldsOf(err)...)
		}
		if m.Deal != nil {
			f = append(f, m.Deal.Normalize()...)
		}
		if m.Deadline != nil {
			d := s.deadline(&f, m.Deadline, r.Deadline, now)
			m.Deadline = &d
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if a == Counter {
		fam, err := s.store.RightsFamily(ctx, r.TitleID)
		if err != nil {
			return nil, err
		}
		if err := rights.CheckLicence(fam, candidate(r.TitleID, r.Licensor, r.Licensee, *m.Terms)); err != nil {
			return nil, err
		}
	}
	out, err := s.store.RequestTransition(ctx, id, func(r *Request) (*Transition, error) {
		now := s.clock()
		if err := r.Can(p, a, now); err != nil {
			return nil, err
		}
		if m.IfMatch != "" && !ETagMatches(m.IfMatch, r.Version) {
			return nil, apperr.New(apperr.PreconditionFailed,
				"the request changed since you read it (now version %d); read it again before you %s", r.Version, verb(a))
		}
		step := r.apply(p, a, &m, now)
		tr := &Transition{Step: step}
		if a == Accept {
			tr.Licence = &rights.Licence{ID: newID(), TitleID: r.TitleID, Licensor: r.Licensor, Licensee: r.Licensee,
				Terms: r.Terms, Source: "request:" + r.ID, CreatedAt: now, CreatedBy: p.Name}
			r.LicenceID = tr.Licence.ID
			tr.Deal = r.Deal.clone()
		}
		tr.Notify = []*Notification{notice(r.Other(p.Org), r, a, p, now)}
		return tr, nil
	})
	if err != nil {
		return nil, err
	}
	out.settle(s.clock())
	return out, s.annotate(ctx, []*Request{out})
}

func verb(a Action) string {
	switch a {
	case Accept:
		return "accept"
	case Decline:
		return "decline"
	case Withdraw:
		return "withdraw"
	case Counter:
		return "counter"
	}
	return string(a)
}

// ETag renders a request version as an entity tag.
func ETag(version int64) string { return fmt.Sprintf(`"v%d"`, version) }

// ETagMatches reports whether an If-Match header value names version,
// under strong comparison (a weak tag never matches).
func ETagMatches(header string, version int64) bool { return etag.MatchesVersion(header, version) }

// Comment adds a message to a request's thread and notifies the other party.
func (s *Service) Comment(ctx context.Context, id, body string) (*Comment, error) {
	p, r, err := s.visible(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := r.CanComment(p); err != nil {
		return nil, err
	}
	body = strings.TrimSpace(body)
	var f apperr.Fields
	if body == "" {
		f.Add("body", "the comment is empty")
	}
	checkMessage(&f, "body", body)
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.clock()
	c := &Comment{ID: newID(), RequestID: r.ID, Org: p.Org, Author: p.Name, Body: body, CreatedAt: now}
	if err := s.store.CommentAdd(ctx, c, []*Notification{notice(r.Other(p.Org), r, "commented", p, now)}); err != nil {
		return nil, err
	}
	return c, nil
}

// Comments returns a request's thread, oldest first.
func (s *Service) Comments(ctx context.Context, id string) ([]*Comment, error) {
	if _, _, err := s.visible(ctx, id); err != nil {
		return nil, err
	}
	return s.store.CommentList(ctx, id)
}

// errNotDue makes a sweep skip a request that was concluded or given a new
// deadline since it was listed.
var errNotDue = apperr.New(apperr.Conflict, "no longer due")

// ExpireOverdue records as expired every open request past its deadline,
// notifying both parties; it returns how many it expired. The job queue
// runs it periodically; reads show such requests as expired even before.
func (s *Service) ExpireOverdue(ctx context.Context) (int, error) {
	now := s.clock()
	ids, err := s.store.RequestsOverdue(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := s.store.RequestTransition(ctx, id, func(r *Request) (*Transition, error) {
			if !r.State.Open() || !now.After(r.Deadline) {
				return nil, errNotDue
			}
			r.State, r.Version, r.UpdatedAt = Expired, r.Version+1, now
			r.settle(now)
			return &Transition{Step: &Step{Action: Expire, Actor: "system", At: now},
				Notify: []*Notification{notice(r.Licensor, r, Expire, nil, now), notice(r.Licensee, r, Expire, nil, now)}}, nil
		})
		if err == errNotDue {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
