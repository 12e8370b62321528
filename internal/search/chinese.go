package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"github.com/mozillazg/go-pinyin"
	"github.com/silkbridge/silkbridge/internal/memo"
	"golang.org/x/text/unicode/norm"
)

// t2s converts Traditional to Simplified Chinese. OpenCC loads its
// dictionaries on first use (a few milliseconds), so it starts lazily.
var t2s = sync.OnceValue(func() *opencc.OpenCC {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil // the dictionaries are embedded; without them Han text is indexed as written
	}
	return cc
})

// simplifyRun rewrites the Han tokens of one CJK run in Simplified Chinese.
// The run is converted as a whole so OpenCC's phrase tables apply; when a
// phrase changes length the characters are converted one by one instead, so
// every token keeps its own span.
func simplifyRun(run []Token) {
	if len(run) == 0 {
		return
	}
	var b strings.Builder
	for _, t := range run {
		b.WriteString(t.Text)
	}
	in := b.String()
	conv, ok := simplified.Get(in).text()
	if ok && conv == in {
		return // already Simplified, as most titles are
	}
	if ok && utf8.RuneCountInString(conv) == len(run) {
		i := 0
		for _, r := range conv {
			if run[i].Kind == KindHan {
				run[i].Text = string(r)
			}
			i++
		}
		return
	}
	for i := range run {
		if run[i].Kind == KindHan {
			if c, ok := simplified.Get(run[i].Text).text(); ok && utf8.RuneCountInString(c) == 1 {
				run[i].Text = c
			}
		}
	}
}

// conversion is OpenCC's answer for one text; failed when OpenCC is
// unavailable or refused it.
type conversion struct {
	out    string
	failed bool
}

func (c conversion) text() (string, bool) { return c.out, !c.failed }

// simplified memoizes the conversion: OpenCC matches its phrase tables anew
// on every call, and ranking converts the same candidates' titles on every
// query.
var simplified = memo.New(memoWords, func(s string) conversion {
	cc := t2s()
	if cc == nil {
		return conversion{failed: true}
	}
	out, err := cc.Convert(s)
	return conversion{out: out, failed: err != nil}
})

var pinyinCache sync.Map // rune -> []string

// readings returns the toneless pinyin readings of a Simplified character,
// most common first. Heteronyms are all kept (行 → xing, hang, heng) because
// a search key cannot know which reading a title means; ü is given both as
// "v" (what pinyin keyboards use) and "u" (what most people type).
func readings(ch string) []string {
	r, _ := utf8.DecodeRuneInString(ch)
	if v, ok := pinyinCache.Load(r); ok {
		return v.([]string)
	}
	args := pinyin.NewArgs()
	args.Heteronym = true
	args.Fallback = func(rune, pinyin.Args) []string { return nil }
	var out []string
	for _, p := range pinyin.SinglePinyin(r, args) {
		out = appendUnique(out, p)
		if strings.Contains(p, "v") {
			out = appendUnique(out, strings.ReplaceAll(p, "v", "u"))
		}
	}
	pinyinCache.Store(r, out)
	return out
}

// syllables is every toneless pinyin syllable, for splitting a Latin query
// such as "hongsichou" into hong+si+chou.
var syllables = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, v := range pinyin.PinyinDict {
		for _, p := range strings.Split(v, ",") {
			s := toneless(p)
			if s != "" && len(s) <= 6 {
				set[s] = true
				if strings.Contains(s, "v") {
					set[strings.ReplaceAll(s, "v", "u")] = true
				}
			}
		}
	}
	return set
})

func toneless(p string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(p) {
		switch {
		case r == 0x308: // the diaeresis of ü
			b.WriteByte('v')
			continue
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 'a' || r > 'z':
			return ""
		}
		b.WriteRune(r)
	}
	// "ü" decomposes to u + U+0308; pinyin spells it v.
	return strings.ReplaceAll(b.String(), "uv", "v")
}

// maxSegSyllables bounds the syllables a query word is split into.
const maxSegSyllables = 12

// segmentPinyin splits a Latin word into pinyin syllables, preferring the
// fewest syllables (xian is one syllable, not xi+an). It returns nil when the
// word is not a sequence of syllables or is a single syllable.
func segmentPinyin(w string) []string {
	set := syllables()
	n := len(w)
	if n < 2 || n > maxSegSyllables*6 {
		return nil
	}
	const inf = 1 << 30
	best := make([]int, n+1)
	prev := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = inf
		for l := 1; l <= 6 && l <= i; l++ {
			if best[i-l] != inf && best[i-l]+1 < best[i] && set[w[i-l:i]] {
				best[i], prev[i] = best[i-l]+1, i-l
			}
		}
	}
	if best[n] == inf || best[n] < 2 || best[n] > maxSegSyllables {
		return nil
	}
	out := make([]string, best[n])
	for i, k := n, best[n]-1; i > 0; i, k = prev[i], k-1 {
		out[k] = w[prev[i]:i]
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
