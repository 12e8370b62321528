package rights

import (
	"fmt"
	"strings"

	"github.com/silkbridge/silkbridge/internal/langtag"
)

// Usage says how a language may be used: as a dubbed soundtrack, as
// subtitles, or both.
type Usage uint8

// Usages; Any is Dub|Sub.
const (
	Dub Usage = 1 << iota
	Sub
	Any = Dub | Sub
)

// Lang is a language right: a BCP-47 tag and its usage. It is written
// "ru" (any usage), "ru:dub" or "ru:sub".
type Lang struct {
	Tag string
	Use Usage
}

// ParseLang reads "tag[:dub|:sub|:any]" and canonicalises the tag.
func ParseLang(s string) (Lang, error) {
	tag, use, hasUse := strings.Cut(strings.TrimSpace(s), ":")
	canon, err := langtag.Canonical(tag)
	if err != nil {
		return Lang{}, err
	}
	l := Lang{Tag: canon, Use: Any}
	if hasUse {
		switch strings.ToLower(use) {
		case "dub":
			l.Use = Dub
		case "sub":
			l.Use = Sub
		case "any", "subdub":
			l.Use = Any
		default:
			return Lang{}, fmt.Errorf("usage %q after %q must be dub, sub or any", use, canon)
		}
	}
	return l, nil
}

// String renders l as ParseLang reads it.
func (l Lang) String() string {
	switch l.Use {
	case Dub:
		return l.Tag + ":dub"
	case Sub:
		return l.Tag + ":sub"
	}
	return l.Tag
}

// tagCovers reports whether a right in language held includes want: the same
// tag, or a more specific one ("zh" includes "zh-Hans").
func tagCovers(held, want string) bool {
	return held == want || strings.HasPrefix(want, held+"-")
}

// langsCover reports whether rights in held include every language of want.
// An empty list means every language, so only an empty held covers it.
func langsCover(held, want []Lang) bool {
	if len(held) == 0 {
		return true
	}
	if len(want) == 0 {
		return false
	}
	for _, w := range want {
		var got Usage
		for _, h := range held {
			if tagCovers(h.Tag, w.Tag) {
				got |= h.Use
			}
		}
		if got&w.Use != w.Use {
			return false
		}
	}
	return true
}

// langsOverlap reports whether two language lists share a language use.
func langsOverlap(a, b []Lang) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, x := range a {
		for _, y := range b {
			if (tagCovers(x.Tag, y.Tag) || tagCovers(y.Tag, x.Tag)) && x.Use&y.Use != 0 {
				return true
			}
		}
	}
	return false
}
