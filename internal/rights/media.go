package rights

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Media is a way of exploiting a title.
type Media string

// The media silkbridge records rights for.
const (
	Theatrical    Media = "theatrical"
	Festival      Media = "festival"
	NonTheatrical Media = "non_theatrical"
	FreeTV        Media = "free_tv"
	PayTV         Media = "pay_tv"
	SVOD          Media = "svod"
	AVOD          Media = "avod"
	TVOD          Media = "tvod"
	EST           Media = "est"
	FAST          Media = "fast"
	Airline       Media = "airline"
	Educational   Media = "educational"
)

// AllMedia lists every medium; a MediaSet bit is its index here, so the
// order is part of the stored format and new media are only ever appended.
var AllMedia = []Media{Theatrical, Festival, NonTheatrical, FreeTV, PayTV, SVOD, AVOD, TVOD, EST, FAST, Airline, Educational}

// MediaSet is a set of media, one bit each.
type MediaSet uint32

// MediaBit returns the set holding one medium, and whether it is known.
func MediaBit(m Media) (MediaSet, bool) {
	for i, x := range AllMedia {
		if x == m {
			return 1 << i, true
		}
	}
	return 0, false
}

// ParseMedia resolves a list of media names (any case) into a set and their canonical spellings.
func ParseMedia(field string, list []Media) (MediaSet, []Media, []apperr.FieldError) {
	var set MediaSet
	var probs []apperr.FieldError
	out := make([]Media, 0, len(list))
	for i, m := range list {
		c := Media(strings.ToLower(strings.TrimSpace(string(m))))
		b, ok := MediaBit(c)
		if !ok {
			probs = append(probs, prob(fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("%q is not a medium (%s)", m, mediaNames())))
			continue
		}
		if set&b == 0 {
			out = append(out, c)
		}
		set |= b
	}
	if len(list) == 0 {
		probs = append(probs, prob(field, "at least one medium is required ("+mediaNames()+")"))
	}
	return set, out, probs
}

func mediaNames() string {
	s := make([]string, len(AllMedia))
	for i, m := range AllMedia {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// List returns the media of s in AllMedia order.
func (s MediaSet) List() []Media {
	out := make([]Media, 0, bits.OnesCount32(uint32(s)))
	for i, m := range AllMedia {
		if s&(1<<i) != 0 {
			out = append(out, m)
		}
	}
	return out
}
