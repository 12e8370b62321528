package rights

// decodePlainTerms reads a stored terms document of the common shape
// without encoding/json: the document json.Marshal writes for Terms with
// territories, except_territories, media, languages, start, end and
// exclusive only, every string printable ASCII without escapes. It reports
// false for anything else (holdbacks, avail detail, another key, an escape,
// other bytes, bad syntax), and the caller then decodes with encoding/json,
// so the result is always what json.Unmarshal would give: an empty array is
// an empty slice, null a nil one. A catalogue page decodes hundreds of
// records whose documents mostly differ, and encoding/json's reflection was
// most of that cost.
func decodePlainTerms(doc string) (Terms, bool) {
	var t Terms
	d := plainDecoder{s: doc}
	if !d.byte('{') {
		return Terms{}, false
	}
	if d.peek() == '}' {
		d.i++
		return t, d.end()
	}
	for {
		key, ok := d.str()
		if !ok || !d.byte(':') {
			return Terms{}, false
		}
		switch key {
		case "territories":
			t.Territories, ok = d.strs()
		case "except_territories":
			t.ExceptTerritories, ok = d.strs()
		case "languages":
			t.Languages, ok = d.strs()
		case "media":
			var ms []string
			if ms, ok = d.strs(); ok && ms != nil {
				t.Media = make([]Media, len(ms))
				for i, m := range ms {
					t.Media[i] = Media(m)
				}
			} else {
				t.Media = nil
			}
		case "start":
			t.Start, ok = d.str()
		case "end":
			if d.literal("null") {
				t.End = nil
			} else {
				var e string
				if e, ok = d.str(); ok {
					t.End = &e
				}
			}
		case "exclusive":
			switch {
			case d.literal("true"):
				t.Exclusive = true
			case d.literal("false"):
				t.Exclusive = false
			default:
				ok = false
			}
		default:
			return Terms{}, false
		}
		if !ok {
			return Terms{}, false
		}
		switch d.next() {
		case ',':
			continue
		case '}':
			return t, d.end()
		}
		return Terms{}, false
	}
}

type plainDecoder struct {
	s string
	i int
}

func (d *plainDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, 0 at the end.
func (d *plainDecoder) peek() byte {
	d.space()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

// next consumes and returns the next byte after white space.
func (d *plainDecoder) next() byte {
	c := d.peek()
	if c != 0 {
		d.i++
	}
	return c
}

func (d *plainDecoder) byte(c byte) bool { return d.next() == c }

// end reports whether only white space is left.
func (d *plainDecoder) end() bool { return d.peek() == 0 && d.i == len(d.s) }

func (d *plainDecoder) literal(w string) bool {
	d.space()
	if len(d.s)-d.i >= len(w) && d.s[d.i:d.i+len(w)] == w {
		d.i += len(w)
		return true
	}
	return false
}

// str reads a string of printable ASCII without escapes.
func (d *plainDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return d.s[start : d.i-1], true
		case c == '\\' || c < 0x20 || c > 0x7e:
			return "", false
		}
		d.i++
	}
	return "", false
}

// strs reads an array of strings, or null.
func (d *plainDecoder) strs() ([]string, bool) {
	if d.literal("null") {
		return nil, true
	}
	if !d.byte('[') {
		return nil, false
	}
	out := []string{}
	if d.peek() == ']' {
		d.i++
		return out, true
	}
	for {
		s, ok := d.str()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		switch d.next() {
		case ',':
			continue
		case ']':
			return out, true
		}
		return nil, false
	}
}
