// Package people is the directory of people: directors, actors, executives
// and staff of partner organisations, with their names in several scripts,
// public profile fields, private fields that only a few may read, credits on
// titles, export and erasure. It holds types and rules, no HTTP or SQL.
package people

import (
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
)

// PersonRole is what a person does; the list is closed so that filters and
// translations stay exact.
type PersonRole string

// Roles lists every valid role (credit roles first).
var Roles = []PersonRole{
	"director", "screenwriter", "producer", "actor", "composer", "cinematographer", "editor",
	"presenter", "executive", "journalist", "technician", "translator", "coordinator",
}

// Visibility of a person's public profile: the same levels and rules as titles.
type Visibility = catalog.Visibility

// PersonName is a person's name and biography in one language. Suggested
// marks a name made by the transcription rules that nobody has confirmed.
type PersonName struct {
	Name      string `json:"name" doc:"Display name in this language and script"`
	Biography string `json:"biography,omitempty" doc:"Public biography, at most 5000 characters"`
	Suggested bool   `json:"suggested,omitempty" doc:"True while the name is a machine suggestion (transcription rules); editing or confirming the name clears it"`
}

// PrivateData holds personal data. It is stored apart from the profile and
// shown only to the readers CanReadPrivate allows.
type PrivateData struct {
	DateOfBirth    string `json:"date_of_birth,omitempty" doc:"YYYY-MM-DD"`
	PassportNumber string `json:"passport_number,omitempty" maxLength:"40"`
	PassportExpiry string `json:"passport_expiry,omitempty" doc:"YYYY-MM-DD"`
	Phone          string `json:"phone,omitempty" maxLength:"40"`
	Email          string `json:"email,omitempty" maxLength:"254"`
	Needs          string `json:"needs,omitempty" doc:"Access, diet or other needs, at most 2000 characters"`
}

// Empty reports whether no private field is set.
func (p *PrivateData) Empty() bool { return p == nil || *p == PrivateData{} }

// PersonFields is the part of a person its editors write.
type PersonFields struct {
	Localizations map[string]PersonName `json:"localizations" doc:"Names keyed by BCP-47 tag; at least one"`
	Org           string                `json:"org,omitempty" doc:"Organisation the person belongs to (slug); optional"`
	Roles         []PersonRole          `json:"roles,omitempty" doc:"From the closed list in docs/people.md"`
	Languages     []string              `json:"languages,omitempty" doc:"Languages the person works in, BCP-47"`
	Visibility    Visibility            `json:"visibility,omitempty" enum:"private,partners,public" doc:"Who may read the public profile; defaults to private"`
	Private       *PrivateData          `json:"private,omitempty" doc:"Personal data; absent unless you may read it"`
	Coordinators  []string              `json:"coordinators,omitempty" doc:"E-mail addresses of users (of the person's or a hosting organisation) who may read private fields; absent unless you may read them"`
}

// Person is one entry of the directory.
type Person struct {
	ID    string `json:"id"`
	Owner string `json:"owner" doc:"Organisation that created the entry and edits it"`
	PersonFields
	Erased    bool      `json:"erased,omitempty" doc:"The person was erased: only a pseudonym is left"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	DisplayLanguage string `json:"display_language,omitempty"`
	DisplayName     string `json:"display_name,omitempty"`
}

// Home is the organisation whose admins hold the person's private data: the
// one they belong to, or the creating one when they belong to none.
func (p *Person) Home() string {
	if p.Org != "" {
		return p.Org
	}
	return p.Owner
}

// Names returns every name of the person, for search and display.
func (p *Person) Names() []string {
	out := make([]string, 0, len(p.Localizations))
	for _, l := range p.Localizations {
		out = append(out, l.Name)
	}
	return out
}

// Languages returns the tags the person's names are in.
func (p *Person) NameLanguages() []string {
	out := make([]string, 0, len(p.Localizations))
	for tag := range p.Localizations {
		out = append(out, tag)
	}
	return out
}
