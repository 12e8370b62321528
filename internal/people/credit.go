package people

import (
	"slices"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// CreditRole is a person's part in making a title.
type CreditRole string

// CreditRoles lists the credit roles in their customary display order.
var CreditRoles = []CreditRole{"director", "screenwriter", "producer", "cast", "composer", "cinematographer", "editor"}

// MaxCredits bounds one title's credit list.
const MaxCredits = 500

// TitleCredit is one line of a title's credits. Order in the list is the display
// order within each role.
type TitleCredit struct {
	Role      CreditRole        `json:"role" enum:"director,screenwriter,producer,cast,composer,cinematographer,editor"`
	PersonID  string            `json:"person_id" maxLength:"64"`
	Character map[string]string `json:"character,omitempty" doc:"Cast only: the character's name keyed by BCP-47 tag"`

	// Filled on reading, never stored.
	Name   string `json:"name,omitempty" doc:"The person's display name for this reader"`
	Erased bool   `json:"erased,omitempty"`
}

// PersonCredit is a credit seen from the person: the title and the part.
type PersonCredit struct {
	TitleID   string            `json:"title_id"`
	Title     string            `json:"title" doc:"Display title for this reader"`
	Role      CreditRole        `json:"role"`
	Character map[string]string `json:"character,omitempty"`
}

// NormalizeCredits validates a credit list in place.
func NormalizeCredits(cs []TitleCredit) error {
	var errs apperr.Fields
	if len(cs) > MaxCredits {
		errs.Add("credits", "at most %d credits", MaxCredits)
		return errs.Err()
	}
	type key struct {
		role CreditRole
		id   string
	}
	seen := map[key]bool{}
	for i, c := range cs {
		p := path("credits", i)
		if !slices.Contains(CreditRoles, c.Role) {
			errs.Add(p+".role", "unknown credit role %q; one of %s", truncate(string(c.Role)), joinRoles())
		}
		cs[i].PersonID = strings.TrimSpace(c.PersonID)
		if cs[i].PersonID == "" || len(cs[i].PersonID) > 64 {
			errs.Add(p+".person_id", "is required")
		}
		if seen[key{c.Role, cs[i].PersonID}] {
			errs.Add(p, "the person already has this role on the title")
		}
		seen[key{c.Role, cs[i].PersonID}] = true
		if len(c.Character) > 0 && c.Role != "cast" {
			errs.Add(p+".character", "only cast credits name a character")
		}
		chars := map[string]string{}
		for tag, name := range c.Character {
			canon, err := langtag.Canonical(tag)
			if err != nil {
				errs.Add(p+".character."+truncate(tag), "%v", err)
				continue
			}
			name = strings.TrimSpace(name)
			text(&errs, p+".character."+canon, name, 1, NameMax, textrule.SingleLine)
			chars[canon] = name
		}
		if len(chars) == 0 {
			chars = nil
		}
		cs[i].Character = chars
		cs[i].Name, cs[i].Erased = "", false
	}
	return errs.Err()
}

func joinRoles() string {
	s := make([]string, len(CreditRoles))
	for i, r := range CreditRoles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}
