package licensing

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// TitleReader says whether an organisation may read a title (catalog.Service).
type TitleReader interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// Service runs the negotiation: it checks who may move, validates terms,
// checks them against availability and hands the store what to write.
type Service struct {
	store  Store
	titles TitleReader
	now    func() time.Time
}

// DefaultDeadline is how long a request stays open when it names no deadline.
const DefaultDeadline = 30 * 24 * time.Hour

// MaxDeadline bounds how far ahead a deadline may lie.
const MaxDeadline = 366 * 24 * time.Hour

// NewService returns a Service over store, reading titles through titles.
func NewService(store Store, titles TitleReader) *Service {
	return &Service{store: store, titles: titles, now: time.Now}
}

// SetClock replaces the service's clock (tests of deadlines and reminders).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// SubmitInput is a licensee's request as the API receives it.
type SubmitInput struct {
	Title    string `json:"title" maxLength:"200" doc:"Title id, or its EIDR, ISAN or alternative id"`
	Licensor string `json:"licensor,omitempty" maxLength:"40" doc:"Organisation to ask; may be omitted when exactly one holder can grant the terms"`
	rights.Terms
	Deal
	Message  string     `json:"message,omitempty" maxLength:"4000"`
	Deadline *time.Time `json:"deadline,omitempty" doc:"When the request expires unless concluded (RFC 3339); default 30 days from now"`
}

// CounterInput is a counter-proposal: the full terms proposed instead.
type CounterInput struct {
	rights.Terms
	Deal
	Message  string     `json:"message,omitempty" maxLength:"4000"`
	Deadline *time.Time `json:"deadline,omitempty" doc:"Optionally a new deadline (RFC 3339)"`
}

const maxMessage = 4000

// Submit records a request by the caller's organisation (the licensee). It is
// refused with a Conflict carrying the availability reasons when the licensor
// cannot grant the terms today.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (*Request, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	now := s.clock()
	var f apperr.Fields
	_, terr := in.Terms.Normalize()
	f = append(f, fieldsOf(terr)...)
	f = append(f, in.Deal.Normalize()...)
	checkMessage(&f, "message", in.Message)
	deadline := s.deadline(&f, in.Deadline, now.Add(DefaultDeadline), now)
	in.Licensor = strings.TrimSpace(in.Licensor)
	if in.Licensor == p.Org {
		f.Add("licensor", "you cannot request a licence from your own organisation")
	} else if in.Licensor != "" {
		if _, err := s.store.OrgGet(ctx, in.Licensor); apperr.Is(err, apperr.NotFound) {
			f.Add("licensor", "no organisation %q", in.Licensor)
		} else if err != nil {
			return nil, err
		}
	}
	titleID, err := s.resolveTitle(ctx, p.Org, in.Title)
	if err != nil {
		if ae, ok := err.(*apperr.Error); ok && ae.Code == apperr.Invalid {
			f = append(f, ae.Fields...)
		} else {
			return nil, err
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	fam, err := s.store.RightsFamily(ctx, titleID)
	if err != nil {
		return nil, err
	}
	if in.Licensor == "" {
		if in.Licensor, err = soleGrantor(fam, titleID, p.Org, in.Terms); err != nil {
			return nil, rights.OwnConflict(ctx, err)
		}
	} else if err := rights.CheckLicence(fam, candidate(titleID, in.Licensor, p.Org, in.Terms)); err != nil {
		return nil, rights.OwnConflict(ctx, err)
	}
	r := &Request{ID: newID(), TitleID: titleID, Licensor: in.Licensor, Licensee: p.Org, State: Submitted,
		Terms: in.Terms, Deal: in.Deal, ProposedBy: p.Org, Message: strings.TrimSpace(in.Message), Deadline: deadline, Version: 1,
		CreatedAt: now, UpdatedAt: now, CreatedBy: p.Name}
	terms := r.Terms
	r.History = []*Step{{Seq: 1, Action: Submit, Org: p.Org, Actor: p.Name, Terms: &terms, Deal: r.Deal.clone(), Message: r.Message, At: now}}
	r.settle(now)
	if err := s.store.RequestCreate(ctx, r, []*Notification{notice(r.Licensor, r, Submit, p, now)}); err != nil {
		return nil, err
	}
	r.Availability = &Availability{Available: true, Reasons: []rights.Reason{}}
	return r, nil
}

// resolveTitle finds the title a request names among those the viewer may read.
func (s *Service) resolveTitle(ctx context.Context, viewer, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	bad := func(msg string) error {
		return &apperr.Error{Code: apperr.Invalid, Message: "the request has invalid fields",
			Fields: []apperr.FieldError{{Field: "title", Message: msg, Value: ref}}}
	}
	if ref == "" {
		return "", bad("the title is required")
	}
	ids, err := s.store.TitleIDsByRef(ctx, ref)
	if err != nil {
		return "", err
	}
	var readable []string
	for _, id := range ids {
		if _, err := s.titles.Readable(ctx, viewer, id); err == nil {
			readable = append(readable, id)
		} else if !apperr.Is(err, apperr.NotFound) {
			return "", err
		}
	}
	switch len(readable) {
	case 0:
		return "", bad("no title you may read has this id")
	case 1:
		return readable[0], nil
	}
	return "", bad("several titles carry this identifier; use the title id")
}

// candidate is the licence a request on terms t would become.
func candidate(titleID, licensor, licensee string, t rights.Terms) *rights.Licence {
	return &rights.Licence{TitleID: titleID, Licensor: licensor, Licensee: licensee, Terms: t}
}

// soleGrantor returns the one holder (other than the licensee) that can
// grant t, a Conflict with the reasons when none can, or an Invalid asking
// the caller to choose when several can.
func soleGrantor(f *rights.Family, titleID, licensee string, t rights.Terms) (string, error) {
	seen := map[string]bool{}
	var holders, able []string
	for _, h := range f.Holdings {
		if h.Holder != licensee && !seen[h.Holder] {
			seen[h.Holder] = true
			holders = append(holders, h.Holder)
		}
	}
	sort.Strings(holders)
	for _, h := range holders {
		err := rights.CheckLicence(f, candidate(titleID, h, licensee, t))
		if err == nil {
			able = append(able, h)
		} else if !apperr.Is(err, apperr.Conflict) {
			return "", err
		}
	}
	switch len(able) {
	case 1:
		return able[0], nil
	case 0:
		q := rights.Query{Territories: t.Territories, ExceptTerritories: t.ExceptTerritories, Media: t.Media,
			Languages: t.Languages, Start: t.Start, End: t.End, Exclusive: t.Exclusive}
		req, err := q.Compile()
		if err != nil {
			return "", err
		}
		res, err := rights.Evaluate(f, titleID, req)
		if err != nil {
			return "", err
		}
		refs := make([]any, len(res.Reasons))
		for i, r := range res.Reasons {
			refs[i] = r
		}
		return "", &apperr.Error{Code: apperr.Conflict, Refs: refs,
			Message: "no holder can grant these terms; the reasons list what stands in the way"}
	}
	return "", &apperr.Error{Code: apperr.Invalid, Message: "the request has invalid fields", Fields: []apperr.FieldError{{
		Field: "licensor", Message: "several holders can grant these terms (" + strings.Join(able, ", ") + "); name one"}}}
}

func (s *Service) deadline(f *apperr.Fields, in *time.Time, def, now time.Time) time.Time {
	if in == nil {
		return def
	}
	d := in.UTC().Truncate(time.Microsecond)
	switch {
	case !d.After(now):
		f.Add("deadline", "the deadline must lie in the future")
	case d.Sub(now) > MaxDeadline:
		f.Add("deadline", "the deadline may lie at most a year ahead")
	}
	return d
}

func checkMessage(f *apperr.Fields, field, msg string) {
	if len([]rune(msg)) > maxMessage {
		f.Add(field, "at most %d characters", maxMessage)
		return
	}
	textrule.Field(f, field, strings.TrimSpace(msg), textrule.MultiLine)
}

func fieldsOf(err error) []apperr.FieldError {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Fields
	}
	return nil
}

// visible returns the request if the caller's organisation is a party;
// everyone else gets NotFound, as if it did not exist.
func (s *Service) visible(ctx context.Context, id string) (*auth.Principal, *Request, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.store.RequestGet(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !r.IsParty(p.Org) {
		return nil, nil, notFound(id)
	}
	return p, r, nil
}

func notFound(id string) error { return apperr.New(apperr.NotFound, "request %q not found", id) }

// Get returns one request with its history and, while it is open, whether
// its standing terms can be granted today.
func (s *Service) Get(ctx context.Context, id string) (*Request, error) {
	_, r, err := s.visible(ctx, id)
	if err != nil {
		return nil, err
	}
	r.settle(s.clock())
	if err := s.annotate(ctx, []*Request{r}); err != nil {
		return nil, err
	}
	return r, nil
}

// List returns a page of the caller's organisation's requests.
func (s *Service) List(ctx context.Context, p ListParams) ([]*Request, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var f apperr.Fields
	switch p.Direction {
	case "", "incoming", "outgoing":
	default:
		f.Add("direction", "must be incoming or outgoing")
	}
	if p.State != "" && !validState(p.State) {
		f.Add("state", "must be one of submitted, countered, accepted, declined, withdrawn, expired")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	p.Org, p.Now = pr.Org, s.clock()
	if p.Limit <= 0 || p.Limit > 200 {
		p.Limit = 50
	}
	rs, err := s.store.RequestList(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		r.settle(p.Now)
	}
	return rs, s.annotate(ctx, rs)
}

func validState(st State) bool {
	for _, x := range States {
		if x == st {
			return true
		}
	}
	return false
}

// annotate sets the availability of the open requests' standing terms.
func (s *Service) annotate(ctx context.Context, rs []*Request) error {
	var ids []string
	seen := map[string]bool{}
	for _, r := range rs {
		if r.State.Open() && !seen[r.TitleID] {
			seen[r.TitleID] = true
			ids = append(ids, r.TitleID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	fams, err := s.store.RightsFamilies(ctx, ids)
	if err != nil {
		return err
	}
	byTitle := map[string]*rights.Family{}
	for i, f := range fams {
		byTitle[ids[i]] = f
	}
	for _, r := range rs {
		if !r.State.Open() {
			continue
		}
		a, err := availability(byTitle[r.TitleID], r)
		if err != nil {
			return err
		}
		if p, err := auth.Require(ctx); err == nil {
			rights.MarkOwn(p.Org, a.Reasons) // the caller's own licence, for this caller
		}
		r.Availability = a
	}
	return nil
}

// availability checks r's standing terms against f.
func availability(f *rights.Family, r *Request) (*Availability, error) {
	err := rights.CheckLicence(f, candidate(r.TitleID, r.Licensor, r.Licensee, r.Terms))
	a := &Availability{Available: err == nil, Reasons: []rights.Reason{}}
	if err == nil {
		return a, nil
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Conflict {
		return nil, err
	}
	for _, ref := range ae.Refs {
		if rs, ok := ref.(rights.Reason); ok {
			a.Reasons = append(a.Reasons, rs)
		}
	}
	return a, nil
}
