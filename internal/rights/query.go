package rights

import (
	"context"
	"strconv"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// QueryResult answers an availability query.
type QueryResult struct {
	Results    []*Result `json:"results"`
	NextCursor string    `json:"next_cursor,omitempty" doc:"Catalogue queries: pass as cursor for the next page; absent on the last"`
}

// maxScan bounds the work of one catalogue page, so a rare request over a
// large catalogue answers promptly: each title evaluated counts one, and each
// further batch of titles the store considered counts a quarter of the batch
// (its SQL probes are far cheaper than an evaluation). The page may then be
// short, and next_cursor continues the scan.
const maxScan = 5000

// Query answers q for the listed titles, or, when q.Titles is empty, for the
// catalogue the caller may read: then only available titles are returned, a
// page at a time.
func (s *Service) Query(ctx context.Context, q Query) (*QueryResult, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.query(ctx, p, q)
	if err != nil {
		return nil, err
	}
	for _, res := range out.Results {
		MarkOwn(p.Org, res.Reasons)
	}
	return out, nil
}

func (s *Service) query(ctx context.Context, p *auth.Principal, q Query) (*QueryResult, error) {
	r, err := q.Compile()
	if err != nil {
		return nil, err
	}
	if len(q.Titles) > 0 {
		return s.queryTitles(ctx, p.Org, q.Titles, r)
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	after := ""
	if q.Cursor != "" {
		if after, err = catalog.DecodeCursor(catalog.CursorAvailability, q.Cursor); err != nil {
			return nil, err
		}
	}
	out := &QueryResult{Results: []*Result{}}
	// The store's candidates come from two streams (titles with their own
	// holdings, titles inheriting them) of up to batch each, checked row by
	// row, and a page evaluates about its limit of them: a first batch of
	// twice the limit computed three times the candidates a page used. It
	// starts a quarter above the limit and doubles while a page stays short.
	batch := max(limit+limit/4, 16)
	// A licence waiting on an event blocks, but leaves the answer conditional.
	blocking := blockingLicences(r)
	if q.IncludeConditional {
		blocking = BlockNone
	}
	scanned, evaluated := 0, 0
	for {
		ids, next, err := s.store.RightsCandidates(ctx, CandidateParams{Viewer: p.Org, After: after, Limit: batch,
			Territories: r.terr, Media: r.media, From: r.span.From, To: r.span.To, Blocking: blocking})
		if err != nil {
			return nil, err
		}
		// The batch's families are read a part at a time, each part about
		// as many titles as the page still needs at the rate titles turned
		// out available so far: the page usually fills well before the
		// batch ends, and the families after that would be read in vain.
		for len(ids) > 0 {
			part := partSize(limit-len(out.Results), evaluated, len(out.Results))
			part = min(part, len(ids))
			fams, err := s.answeringFamilies(ctx, "", ids[:part], r)
			if err != nil {
				return nil, err
			}
			for i, f := range fams {
				res, err := Evaluate(f, ids[i], r)
				if err != nil {
					return nil, err
				}
				after = ids[i]
				scanned++
				evaluated++
				if res.Available || (q.IncludeConditional && res.Status == ResultConditional) {
					out.Results = append(out.Results, res)
				}
				if len(out.Results) == limit || scanned >= maxScan {
					out.NextCursor = catalog.EncodeCursor(catalog.CursorAvailability, after)
					return out, nil
				}
			}
			ids = ids[part:]
		}
		if next == "" {
			return out, nil
		}
		// Titles up to next were considered, candidates or not.
		after = next
		if scanned += batch / 4; scanned >= maxScan {
			out.NextCursor = catalog.EncodeCursor(catalog.CursorAvailability, after)
			return out, nil
		}
		batch = min(batch*2, 500)
	}
}

// partSize is how many candidates to read families for when need more
// results are wanted and found of the evaluated titles were answers so far:
// need at the rate seen (every title an answer before any was seen), a
// quarter more, and at least 16, so a page rarely takes a third read and a
// read carries enough titles to be worth its statements.
func partSize(need, evaluated, found int) int {
	n := need
	if evaluated > 0 {
		n = need * evaluated / max(found, 1)
	}
	return max(n+n/4, 16)
}

// blockingLicences says which licences on a title settle that it cannot
// answer r, so the store can skip the title without loading it. Only a
// cover_entire request for every language can be settled so: then any
// licence sharing a country, a medium and a day with it also shares a
// language use, and if that licence conflicts with the request (an exclusive
// licence always; any licence when the request is exclusive) that part, and
// so the whole request, cannot be granted by anyone. With named languages the
// licence may be for others, and with overlap matching the rest may still be
// available.
func blockingLicences(r *Request) LicenceBlock {
	switch {
	case r.match != CoverEntire || len(r.langs) > 0 || r.skip != "":
		return BlockNone
	case r.exclusive:
		return BlockAny
	default:
		return BlockExclusive
	}
}

func (s *Service) queryTitles(ctx context.Context, viewer string, ids []string, r *Request) (*QueryResult, error) {
	seen := map[string]bool{}
	var uniq []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	// The families and whether the viewer may read each come in the same
	// statements: a single-title question is two round trips.
	fams, err := s.answeringFamilies(ctx, viewer, uniq, r)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Family, len(uniq))
	for i, f := range fams {
		byID[uniq[i]] = f
	}
	for i, id := range ids {
		if byID[id] == nil {
			return nil, &apperr.Error{Code: apperr.NotFound, Message: "title " + id + " not found",
				Fields: []apperr.FieldError{{Field: "titles[" + strconv.Itoa(i) + "]", Message: "no such title", Value: id}}}
		}
	}
	out := &QueryResult{Results: make([]*Result, 0, len(uniq))}
	for i, f := range fams {
		res, err := Evaluate(f, uniq[i], r)
		if err != nil {
			return nil, err
		}
		out.Results = append(out.Results, res)
	}
	return out, nil
}

// TimelineInput narrows a timeline; empty fields take defaults.
type TimelineInput struct {
	Territories []string
	Media       []Media
	From, To    string
}

// Timeline returns a title's availability over territory, medium and time.
func (s *Service) Timeline(ctx context.Context, titleID string, in TimelineInput) (*Timeline, error) {
	f, err := s.family(ctx, titleID)
	if err != nil {
		return nil, err
	}
	rg, err := DefaultRange(f, titleID, DayOf(s.now()))
	if err != nil {
		return nil, err
	}
	var probs []apperr.FieldError
	if len(in.Territories) > 0 {
		set, _, _, p := ParseTerritories("territories", in.Territories, nil)
		probs = append(probs, p...)
		rg.Territories = set
	}
	if len(in.Media) > 0 {
		set, _, p := ParseMedia("media", in.Media)
		probs = append(probs, p...)
		rg.Media = set
	}
	if in.From != "" {
		d, err := ParseDay(in.From)
		if err != nil {
			probs = append(probs, prob("from", err.Error()))
		}
		rg.From = d
	}
	if in.To != "" {
		d, err := ParseDay(in.To)
		if err != nil {
			probs = append(probs, prob("to", err.Error()))
		}
		rg.To = d
	}
	if len(probs) == 0 && rg.To < rg.From {
		probs = append(probs, prob("to", "the timeline ends before it starts"))
	}
	if len(probs) == 0 && int(rg.To-rg.From) > 366*50 {
		probs = append(probs, prob("to", "a timeline spans at most 50 years"))
	}
	if err := apperr.Fields(probs).Err(); err != nil {
		return nil, err
	}
	return BuildTimeline(f, titleID, rg)
}
