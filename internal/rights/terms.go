package rights

import (
	"fmt"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Holdback keeps media out of territories until a date: "no SVOD in RU before
// theatrical + 90 days" is {"territories":["RU"],"media":["svod"],"until":"2025-05-21"}.
type Holdback struct {
	Territories       []string `json:"territories" doc:"Countries or groups held back"`
	ExceptTerritories []string `json:"except_territories,omitempty"`
	Media             []Media  `json:"media" doc:"Media held back"`
	Until             string   `json:"until" doc:"First day (YYYY-MM-DD) the held-back media may be used"`
}

// Terms are the dimensions a holding or licence covers.
type Terms struct {
	Territories       []string   `json:"territories" maxItems:"300" doc:"ISO 3166-1 alpha-2 codes or groups (WORLD, EU, CIS, ...; see docs/territories.md)"`
	ExceptTerritories []string   `json:"except_territories,omitempty" maxItems:"300" doc:"Countries or groups taken out of territories"`
	Media             []Media    `json:"media" maxItems:"12" doc:"theatrical, festival, non_theatrical, free_tv, pay_tv, svod, avod, tvod, est, fast, airline, educational"`
	Languages         []string   `json:"languages" required:"false" maxItems:"100" doc:"BCP-47 tags, each optionally suffixed :dub or :sub (default both); empty means every language"`
	Start             string     `json:"start" doc:"First day, YYYY-MM-DD (inclusive)"`
	End               *string    `json:"end" required:"false" nullable:"true" doc:"Last day, YYYY-MM-DD (inclusive); null means perpetual"`
	Exclusive         bool       `json:"exclusive" required:"false"`
	Holdbacks         []Holdback `json:"holdbacks,omitempty" maxItems:"50"`
	// Avail is optional EMA Avails detail (window conditions, format
	// profiles); see avail_conditions.go.
	Avail *AvailDetail `json:"avail,omitempty" required:"false" doc:"EMA Avails detail: window conditions and format profiles"`
}

// Holding is a right held by an organisation on a title (rights in). A
// holding on a series covers its seasons and episodes.
type Holding struct {
	ID      string `json:"id"`
	TitleID string `json:"title_id"`
	Holder  string `json:"holder" doc:"Organisation holding the rights"`
	Terms
	AvailID   string    `json:"avail_id,omitempty" doc:"EMA AvailID the holding was imported under"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
	// Status is confirmed for holdings of the title's owner or producers
	// (and claims they confirmed); a holding recorded by anyone else is a
	// claim until they decide. See claim.go.
	Status       HoldingStatus `json:"status" enum:"confirmed,claimed,rejected" doc:"confirmed counts for availability; claimed awaits the title owner's decision; rejected was refused by it"`
	StatusReason string        `json:"status_reason,omitempty" doc:"Why the owner rejected the claim, when it said"`

	c *terms
}

// Licence is a part of a holding granted by its holder to a licensee (rights out).
type Licence struct {
	ID       string `json:"id"`
	TitleID  string `json:"title_id"`
	Licensor string `json:"licensor" doc:"Organisation granting the licence; it must hold the rights"`
	Licensee string `json:"licensee" doc:"Who receives the licence: an organisation slug or any name"`
	Terms
	AvailID   string    `json:"avail_id,omitempty" doc:"EMA AvailID the licence was imported under"`
	Source    string    `json:"source,omitempty" doc:"Where the licence came from, e.g. request:<id>"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`

	c *terms
}

// terms are Terms compiled for the engine.
type terms struct {
	terr      TerritorySet
	media     MediaSet
	langs     []Lang
	span      Span
	exclusive bool
	holdbacks []holdback
	// startCond and endCond name the events the window waits on, with
	// their lags (engine_conditions.go); "" for a dated window.
	startCond, endCond, startLag, endLag string
}

type holdback struct {
	terr  TerritorySet
	media MediaSet
	until Day
}

func prob(field, msg string) apperr.FieldError { return apperr.FieldError{Field: field, Message: msg} }

// Normalize canonicalises t in place (upper-case territories, canonical
// language tags, lists never null) and compiles it, or returns an Invalid
// error naming every bad field by its JSON path ("holdbacks[0].until").
func (t *Terms) Normalize() (*terms, error) {
	c, probs := t.normalize()
	return c, apperr.Fields(probs).Err()
}

func (t *Terms) normalize() (*terms, []apperr.FieldError) {
	c := &terms{exclusive: t.Exclusive}
	var probs []apperr.FieldError
	var p []apperr.FieldError
	c.terr, t.Territories, t.ExceptTerritories, p = ParseTerritories("territories", t.Territories, t.ExceptTerritories)
	probs = append(probs, p...)
	c.media, t.Media, p = ParseMedia("media", t.Media)
	probs = append(probs, p...)
	c.langs, t.Languages, p = parseLangs("languages", t.Languages)
	probs = append(probs, p...)
	var ok bool
	c.span, t.Start, t.End, ok = parseWindow(&probs, "", t.Start, t.End)
	_ = ok
	for _, msg := range t.normalizeAvail() {
		probs = append(probs, prob("avail", msg))
	}
	if d := t.Avail; d != nil {
		c.startCond, c.endCond, c.startLag, c.endLag = d.StartCondition, d.EndCondition, d.StartLag, d.EndLag
	}
	if t.Holdbacks == nil {
		t.Holdbacks = []Holdback{}
	}
	for i := range t.Holdbacks {
		hb, p := t.Holdbacks[i].normalize(fmt.Sprintf("holdbacks[%d].", i))
		probs = append(probs, p...)
		c.holdbacks = append(c.holdbacks, hb)
	}
	return c, probs
}

func (h *Holdback) normalize(prefix string) (holdback, []apperr.FieldError) {
	var hb holdback
	var probs, p []apperr.FieldError
	hb.terr, h.Territories, h.ExceptTerritories, p = ParseTerritories(prefix+"territories", h.Territories, h.ExceptTerritories)
	probs = append(probs, p...)
	hb.media, h.Media, p = ParseMedia(prefix+"media", h.Media)
	probs = append(probs, p...)
	d, err := ParseDay(strings.TrimSpace(h.Until))
	if err != nil {
		probs = append(probs, prob(prefix+"until", err.Error()))
	}
	hb.until = d
	return hb, probs
}

func parseLangs(field string, list []string) ([]Lang, []string, []apperr.FieldError) {
	var probs []apperr.FieldError
	langs := make([]Lang, 0, len(list))
	out := make([]string, 0, len(list))
	seen := map[string]bool{}
	for i, s := range list {
		l, err := ParseLang(s)
		if err != nil {
			probs = append(probs, prob(fmt.Sprintf("%s[%d]", field, i), err.Error()))
			continue
		}
		if !seen[l.String()] {
			seen[l.String()] = true
			langs = append(langs, l)
			out = append(out, l.String())
		}
	}
	return langs, out, probs
}

// parseWindow reads an inclusive window whose end may be absent (perpetual).
func parseWindow(probs *[]apperr.FieldError, prefix, start string, end *string) (Span, string, *string, bool) {
	sp := Span{To: Forever}
	ok := true
	s, err := ParseDay(strings.TrimSpace(start))
	if err != nil {
		msg := err.Error()
		if strings.TrimSpace(start) == "" {
			msg = "a start date (YYYY-MM-DD) is required"
		}
		*probs = append(*probs, prob(prefix+"start", msg))
		ok = false
	}
	sp.From = s
	if end != nil && strings.TrimSpace(*end) != "" {
		e, err := ParseDay(strings.TrimSpace(*end))
		if err != nil {
			*probs = append(*probs, prob(prefix+"end", err.Error()))
			ok = false
		} else if ok && e < s {
			*probs = append(*probs, prob(prefix+"end", "the window ends before it starts"))
			ok = false
		}
		sp.To = e
	}
	if !ok {
		return sp, start, end, false
	}
	return sp, sp.From.String(), endPtr(sp.To), true
}

// endPtr renders the end of a window: nil for Forever.
func endPtr(d Day) *string {
	if d == Forever {
		return nil
	}
	s := d.String()
	return &s
}

func (h *Holding) compiled() (*terms, error) {
	if h.c == nil {
		c, probs := h.Terms.normalize()
		if len(probs) > 0 {
			return nil, fmt.Errorf("stored holding %s is invalid: %s: %s", h.ID, probs[0].Field, probs[0].Message)
		}
		h.c = c
	}
	return h.c, nil
}

func (l *Licence) compiled() (*terms, error) {
	if l.c == nil {
		c, probs := l.Terms.normalize()
		if len(probs) > 0 {
			return nil, fmt.Errorf("stored licence %s is invalid: %s: %s", l.ID, probs[0].Field, probs[0].Message)
		}
		l.c = c
	}
	return l.c, nil
}

// TerritoryBits returns the compiled territory set of a normalized Terms, for
// stores that index it.
func (t *Terms) TerritoryBits() TerritorySet {
	c, _ := t.normalize()
	return c.terr
}

// MediaBits returns the compiled media set of a normalized Terms.
func (t *Terms) MediaBits() MediaSet {
	s, _, _ := ParseMedia("media", t.Media)
	return s
}
