package exchange

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/people"
)

// Letter templates are plain text with a closed set of placeholders; they
// are filled by string replacement, never executed, and the result is plain
// text the web escapes when it prints it.
var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

var placeholders = map[string]bool{"name": true, "programme": true, "dates": true, "host": true, "sender": true, "city": true}

func placeholderNames() []string {
	out := []string{}
	for k := range placeholders {
		out = append(out, "{{"+k+"}}")
	}
	slices.Sort(out)
	return out
}

// UnknownPlaceholders returns the placeholders of body that are not known.
func UnknownPlaceholders(body string) []string {
	var bad []string
	for _, m := range placeholderRE.FindAllStringSubmatch(body, -1) {
		if !placeholders[m[1]] {
			bad = append(bad, m[0])
		}
	}
	return bad
}

// Fill replaces the known placeholders of body with values; anything else
// is left as typed.
func Fill(body string, values map[string]string) string {
	return placeholderRE.ReplaceAllStringFunc(body, func(m string) string {
		k := placeholderRE.FindStringSubmatch(m)[1]
		if v, ok := values[k]; ok && placeholders[k] {
			return v
		}
		return m
	})
}

// DefaultLetters are used for the languages a host wrote no template in.
// The Russian letter names the sender as «организации «…»» and never puts
// a name after a preposition, since organisation names are filled in their
// nominative form and would not agree with the case.
var DefaultLetters = map[string]string{
	"en":      "Dear {{name}},\n\n{{host}} is pleased to invite you to take part in the programme \"{{programme}}\" in {{city}}, {{dates}}, as a member of the team of {{sender}}.\n\nWe will cover the programme's activities as agreed with {{sender}} and look forward to welcoming you.\n\nYours sincerely,\n{{host}}",
	"ru":      "Уважаемый(-ая) {{name}}!\n\n{{host}} имеет честь пригласить Вас принять участие в программе «{{programme}}» ({{city}}, {{dates}}) в составе группы организации «{{sender}}».\n\nПрограмма пребывания согласована с направляющей организацией. Будем рады видеть Вас.\n\nС уважением,\n{{host}}",
	"zh-Hans": "尊敬的{{name}}：\n\n{{host}}诚挚邀请您作为{{sender}}团队成员，于{{dates}}赴{{city}}参加“{{programme}}”项目。\n\n项目日程已与{{sender}}商定，我们期待您的到来。\n\n此致\n敬礼\n\n{{host}}",
}

// LetterSide is the letter in one language.
type LetterSide struct {
	Language   string   `json:"language"`
	Paragraphs []string `json:"paragraphs"`
}

// Letter is an invitation from the host to one participant, in the host's
// language and the participant's (one side when they are the same).
type Letter struct {
	ExchangeID    string       `json:"exchange_id"`
	ParticipantID string       `json:"participant_id"`
	Host          string       `json:"host_org"`
	Sides         []LetterSide `json:"sides"`
}

// OrgLanguage is the language an organisation writes in, from its country.
func OrgLanguage(country string) string {
	switch strings.ToUpper(country) {
	case "CN", "SG", "TW", "HK", "MO":
		return "zh-Hans"
	case "RU", "BY", "KZ", "KG":
		return "ru"
	}
	return "en"
}

// Orgs reads organisations (the store).
type Orgs interface {
	OrgGet(ctx context.Context, slug string) (*org.Organisation, error)
}

// Letter builds the invitation of an accepted participant; members of
// either party may read it.
func (s *Service) Letter(ctx context.Context, orgs Orgs, id, pid string) (*Letter, error) {
	_, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := participantOf(e, pid)
	if err != nil {
		return nil, err
	}
	if p.Status != Accepted {
		return nil, apperr.New(apperr.Conflict, "only an accepted participant is invited")
	}
	host, err := orgs.OrgGet(ctx, e.Host)
	if err != nil {
		return nil, err
	}
	sender, err := orgs.OrgGet(ctx, e.Sender)
	if err != nil {
		return nil, err
	}
	person, err := s.store.PersonGet(ctx, p.PersonID)
	if err != nil {
		return nil, err
	}
	settings, err := s.store.ExchangeSettingsGet(ctx, e.Host)
	if err != nil {
		return nil, err
	}
	langs := []string{OrgLanguage(host.Country)}
	if pl := personLanguage(person, sender.Country); pl != langs[0] {
		langs = append(langs, pl)
	}
	l := &Letter{ExchangeID: e.ID, ParticipantID: p.ID, Host: e.Host}
	for _, lang := range langs {
		body, ok := settings.Letters[lang]
		if !ok {
			body = DefaultLetters[lang]
		}
		values := map[string]string{
			"name":      pick(nameMap(person), lang),
			"programme": pick(titleMap(e), lang),
			"dates":     FormatDates(e.Start, e.End, lang),
			"host":      pick(host.Names, lang),
			"sender":    pick(sender.Names, lang),
			"city":      e.City,
		}
		l.Sides = append(l.Sides, LetterSide{Language: lang, Paragraphs: paragraphs(Fill(body, values))})
	}
	return l, nil
}

// personLanguage is the first language the person works in, else the
// sending organisation's.
func personLanguage(p *people.Person, senderCountry string) string {
	for _, l := range p.Languages {
		switch {
		case l == "zh" || strings.HasPrefix(l, "zh-"):
			return "zh-Hans"
		case l == "ru" || l == "en":
			return l
		}
	}
	return OrgLanguage(senderCountry)
}

func nameMap(p *people.Person) map[string]string {
	out := map[string]string{}
	for k, v := range p.Localizations {
		out[k] = v.Name
	}
	return out
}

func titleMap(e *Exchange) map[string]string {
	out := map[string]string{}
	for k, v := range e.Localizations {
		out[k] = v.Title
	}
	return out
}

func pick(m map[string]string, lang string) string {
	tags := make([]string, 0, len(m))
	for k := range m {
		tags = append(tags, k)
	}
	slices.Sort(tags)
	return m[langtag.PickFrom(tags, []string{lang, "en"})]
}

func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// FormatDates writes a programme's dates as a letter in lang would.
func FormatDates(start, end, lang string) string {
	s, err1 := time.Parse(time.DateOnly, start)
	e, err2 := time.Parse(time.DateOnly, end)
	if err1 != nil || err2 != nil {
		return start + " – " + end
	}
	switch lang {
	case "zh-Hans":
		return fmt.Sprintf("%d年%d月%d日至%d年%d月%d日", s.Year(), s.Month(), s.Day(), e.Year(), e.Month(), e.Day())
	case "ru":
		return fmt.Sprintf("с %s по %s", s.Format("02.01.2006"), e.Format("02.01.2006"))
	}
	return s.Format("2 January 2006") + " – " + e.Format("2 January 2006")
}
