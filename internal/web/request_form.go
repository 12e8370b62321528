package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// termsForm is the terms of a request or counter as a form holds them.
type termsForm struct {
	Title       string
	Licensor    string
	Territories string // codes separated by commas or spaces
	Media       []string
	Languages   string
	Start, End  string // YYYY-MM-DD; End empty is perpetual
	Exclusive   bool
	Message     string
	Deadline    string // YYYY-MM-DD, the last day the request stays open
	Deal        *dealForm
}

func readTermsForm(r *http.Request) *termsForm {
	r.ParseForm()
	return &termsForm{Title: r.PostFormValue("title"), Licensor: r.PostFormValue("licensor"),
		Territories: r.PostFormValue("territories"), Media: r.PostForm["media"], Languages: r.PostFormValue("languages"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Exclusive: r.PostFormValue("exclusive") == "on",
		Message: r.PostFormValue("message"), Deadline: r.PostFormValue("deadline"), Deal: readDealForm(r)}
}

// formFromTerms fills a form with terms (a counter starts from the standing ones).
func formFromTerms(t rights.Terms) *termsForm {
	f := &termsForm{Territories: strings.Join(t.Territories, ", "), Languages: strings.Join(t.Languages, ", "),
		Start: t.Start, Exclusive: t.Exclusive}
	for _, m := range t.Media {
		f.Media = append(f.Media, string(m))
	}
	if t.End != nil {
		f.End = *t.End
	}
	return f
}

// terms returns the form's terms for the domain to validate.
func (f *termsForm) terms() rights.Terms {
	t := rights.Terms{Territories: splitList(f.Territories), Languages: splitList(f.Languages), Start: strings.TrimSpace(f.Start),
		Exclusive: f.Exclusive}
	for _, m := range f.Media {
		t.Media = append(t.Media, rights.Media(m))
	}
	if end := strings.TrimSpace(f.End); end != "" {
		t.End = &end
	}
	return t
}

// deadline reads the last open day as the end of that day (UTC); "" is the default.
func (f *termsForm) deadline() (*time.Time, error) {
	s := strings.TrimSpace(f.Deadline)
	if s == "" {
		return nil, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "bad deadline",
			Fields: []apperr.FieldError{{Field: "deadline", Message: "not a date"}}}
	}
	d = d.Add(24*time.Hour - time.Second)
	return &d, nil
}

// MediaOptions are the media checkboxes of a terms form.
func (f *termsForm) mediaOptions(b *Base) []Option {
	out := make([]Option, 0, len(rights.AllMedia))
	for _, m := range rights.AllMedia {
		out = append(out, Option{Value: string(m), Label: b.T("rights.media." + string(m)), Selected: contains(f.Media, string(m))})
	}
	return out
}

// termsErrors maps the domain's field errors ("territories[0]", "start") to
// the form's inputs, and a refusal for availability to its reasons (name
// gives organisations' names in the page's language).
func termsErrors(b *Base, name func(string) string, err error) (FormErrors, []string, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return nil, nil, false
	}
	switch ae.Code {
	case apperr.Invalid:
		fe := FormErrors{}
		for _, f := range ae.Fields {
			input, _, _ := strings.Cut(f.Field, "[")
			input, _, _ = strings.Cut(input, ".")
			switch input {
			case "territories", "except_territories", "holdbacks":
				input = "territories"
			case "media", "languages", "start", "end", "licensor", "title", "message", "deadline":
			default:
				var ok bool
				if input, ok = dealInput(f.Field); !ok {
					input = "form"
				}
			}
			if _, seen := fe[input]; !seen {
				fe[input] = FieldErr{Input: input, Message: b.T("licensing.err." + input)}
				if msg, ok := codedMessage(b.Localizer, f); ok {
					fe[input] = FieldErr{Input: input, Message: msg}
				}
			}
		}
		return fe, nil, true
	case apperr.Conflict:
		return nil, reasonTexts(b, name, ae.Refs), true
	}
	return nil, nil, false
}

// reasonTexts words availability reasons (and closed-state reasons) for the page.
func reasonTexts(b *Base, name func(string) string, refs []any) []string {
	var out []string
	for _, ref := range refs {
		switch r := ref.(type) {
		case rights.Reason:
			out = append(out, reasonText(b, name, r))
		case licensing.StateReason:
			out = append(out, b.T("licensing.closed", "State", b.T("licensing.state."+string(r.State))))
		}
	}
	return out
}

// reasonText words one reason with organisations by their name in the
// page's language, and a licence granted to or by the reader's organisation
// called its own ("Your own exclusive licence from China Media Group").
func reasonText(b *Base, name func(string) string, r rights.Reason) string {
	if name == nil {
		name = func(slug string) string { return slug }
	}
	end := b.T("rights.perpetual")
	if r.End != nil {
		end = b.PartialDate(*r.End)
	}
	key := "licensing.reason." + string(r.Code)
	if b.User != nil && (r.Code == rights.ExclusiveLicence || r.Code == rights.NonExclusiveLicence) {
		me := b.User.Principal().Org
		switch {
		case r.Licensee != "" && r.Licensee == me:
			key += ".yours"
		case r.Own || (r.Holder != "" && r.Holder == me):
			key += ".granted"
		}
	}
	return b.T(key, "Holder", name(r.Holder), "Licensee", name(r.Licensee),
		"Territories", territoryList(b, r.Territories, 6), "Media", b.T("rights.media."+string(r.Media)),
		"Window", b.T("rights.window", "Start", b.PartialDate(r.Start), "End", end))
}

// TermsFields is what the terms partial of a form needs.
type TermsFields struct {
	*Base
	FormErrors
	F     *termsForm
	Media []Option
}

// RowsTable is what the request table partial needs.
type RowsTable struct {
	*Base
	Rows []RequestRow
}
