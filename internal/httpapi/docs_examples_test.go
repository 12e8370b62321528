package httpapi_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestDocsExamplesRun runs the curl examples of README.md and docs/*.md
// against a test server, in document order, with the placeholders filled
// in ($T, $CMG, <title id>, $ID…). An example may meet a domain refusal
// (the demo data differs), but never a malformed request (400), an
// unsupported body type (415), a wrong method (405), a path the router
// does not know, or a server error.
func TestDocsExamplesRun(t *testing.T) {
	files, _ := filepath.Glob("../../docs/*.md")
	files = append([]string{"../../README.md"}, files...)
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		ran := 0
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ex := &exampleRunner{t: t, b: b, file: filepath.Base(f)}
			// Placeholders with spaces would split into two words.
			text := strings.NewReplacer("<title id>", "<title_id>", "<request id>", "<request_id>").Replace(string(src))
			for _, block := range shellBlocks(text) {
				for _, words := range shellCommands(block) {
					if len(words) > 0 && words[0] == "curl" {
						ran += ex.run(words)
					}
				}
			}
		}
		if ran < 10 {
			t.Fatalf("only %d curl examples ran", ran)
		}
	})
}

// exampleRunner runs one document's examples, remembering the last id
// created so that $ID and <id> name it.
type exampleRunner struct {
	t      *testing.T
	b      *wideBundle
	file   string
	lastID string
}

var (
	optionalPart = regexp.MustCompile(`\[&[^\]]*\]`)
	idFromBody   = regexp.MustCompile(`"id":"([^"]+)"`)
)

// fill replaces the documents' placeholders with the test server's values.
func (e *exampleRunner) fill(s string) string {
	last := e.lastID
	if last == "" {
		last = e.b.x.Film
	}
	return strings.NewReplacer(
		"http://127.0.0.1:8080", e.b.url, "http://hub", e.b.url, "<title_id>", e.b.x.Film,
		"<request_id>", last, "<id>", last,
	).Replace(optionalPart.ReplaceAllString(s, ""))
}

// vars are the shell variables the documents use.
func (e *exampleRunner) vars() map[string]string {
	id := e.lastID
	if id == "" {
		id = e.b.x.Film
	}
	vgtrk := e.b.tokens["vgtrk/admin"]
	return map[string]string{"T": vgtrk, "TOKEN": vgtrk, "ADMIN": vgtrk, "VGTRK": vgtrk, "CMG": e.b.tokens["cmg/admin"],
		"HUB": e.b.url, "ID": id, "TITLE": e.b.x.Film, "ASSET": "", "TRACK": id}
}

// exampleFiles stand in for the files examples upload with @name.
var exampleFiles = map[string]string{"ru.srt": "1\n00:00:01,000 --> 00:00:02,500\nПривет\n"}

// run interprets one curl command line (the options the documents use)
// and returns 1 when it was sent.
func (e *exampleRunner) run(words []string) int {
	t := e.t
	line := strings.Join(words, " ")
	for i, w := range words {
		if strings.Contains(w, "$(") {
			t.Logf("%s: skipped (command substitution): %.80s", e.file, line)
			return 0
		}
		words[i] = strings.ReplaceAll(e.fill(expandVars(w, e.vars())), "\x00", "")
	}
	method, url := "", ""
	var body []byte
	hasBody := false
	var headers [][2]string
	for i := 1; i < len(words); i++ {
		w := words[i]
		next := func() string {
			i++
			if i >= len(words) {
				t.Fatalf("%s: %s needs an argument: %s", e.file, w, line)
			}
			return words[i]
		}
		switch {
		case w == "-X" || w == "--request":
			method = next()
		case w == "-H" || w == "--header":
			k, v, _ := strings.Cut(next(), ":")
			headers = append(headers, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		case w == "-d" || w == "--data" || w == "--data-raw" || w == "--data-binary":
			v := next()
			if name, ok := strings.CutPrefix(v, "@"); ok && w != "--data-raw" {
				data, ok := exampleFiles[name]
				if !ok {
					t.Fatalf("%s: no stand-in for file %s", e.file, name)
				}
				v = data
			}
			body, hasBody = append(body, v...), true
		case w == "-o" || w == "--output" || w == "-u":
			next()
		case strings.HasPrefix(w, "-"):
			// -s, -i, -S, -OJ, -f: output options only
		default:
			url = w
		}
	}
	if method == "" {
		method = http.MethodGet
		if hasBody {
			method = http.MethodPost
		}
	}
	if !strings.HasPrefix(url, e.b.url) {
		t.Errorf("%s: example has no hub URL: %s", e.file, line)
		return 0
	}
	var rd io.Reader
	if hasBody {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Errorf("%s: %v: %s", e.file, err, line)
		return 0
	}
	if hasBody {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // curl's default for -d
	}
	for _, h := range headers {
		req.Header.Set(h[0], h[1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	t.Logf("%s: %d %s %s", e.file, res.StatusCode, method, strings.TrimPrefix(url, e.b.url))
	switch {
	case res.StatusCode == http.StatusBadRequest, res.StatusCode == http.StatusUnsupportedMediaType,
		res.StatusCode == http.StatusMethodNotAllowed, res.StatusCode >= 500,
		res.StatusCode == http.StatusNotFound && bytes.Contains(out, []byte("no such API path")):
		t.Errorf("%s: example fails with %d: %s\n  answer: %.400s", e.file, res.StatusCode, line, out)
	}
	if res.StatusCode == http.StatusCreated {
		if m := idFromBody.FindSubmatch(out); m != nil {
			e.lastID = string(m[1])
		}
	}
	return 1
}

var shellVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

func expandVars(s string, vars map[string]string) string {
	return shellVar.ReplaceAllStringFunc(s, func(m string) string {
		name := shellVar.FindStringSubmatch(m)[1]
		if v, ok := vars[name]; ok {
			return v
		}
		return m
	})
}

// shellBlocks returns the bodies of ```sh / ```bash / ```shell fences.
func shellBlocks(md string) []string {
	var out []string
	var cur *strings.Builder
	for _, line := range strings.SplitAfter(md, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case cur == nil && (trim == "```sh" || trim == "```bash" || trim == "```shell"):
			cur = &strings.Builder{}
		case cur != nil && trim == "```":
			out = append(out, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line)
		}
	}
	return out
}

// shellCommands splits shell text into commands of words: quotes (which
// may span lines), backslash-newline continuations and comments are
// handled; a pipe, ;, && or a newline ends a command. A $ inside single
// quotes is marked with a NUL so that expansion leaves it alone.
func shellCommands(src string) [][]string {
	var cmds [][]string
	var words []string
	var w strings.Builder
	inWord, skip := false, false
	flushWord := func() {
		if inWord && !skip {
			words = append(words, w.String())
		}
		w.Reset()
		inWord = false
	}
	endCmd := func() {
		flushWord()
		if len(words) > 0 {
			cmds = append(cmds, words)
		}
		words, skip = nil, false
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i++
		case c == '\\' && i+1 < len(src):
			w.WriteByte(src[i+1])
			inWord = true
			i++
		case c == '\'':
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				j = len(src) - i - 1
			}
			// Protect $ in single quotes from expansion.
			w.WriteString(strings.ReplaceAll(src[i+1:i+1+j], "$", "$\x00"))
			inWord = true
			i += j + 1
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				j++
			}
			w.WriteString(src[i+1 : min(j, len(src))])
			inWord = true
			i = j
		case c == '#' && !inWord:
			for i < len(src) && src[i] != '\n' {
				i++
			}
			endCmd()
		case c == '\n' || c == ';':
			endCmd()
		case c == '|' || c == '&':
			endCmd()
			skip = true // the rest of a pipeline is not curl's
			for i+1 < len(src) && (src[i+1] == '|' || src[i+1] == '&') {
				i++
			}
			if c == '&' {
				skip = false
			}
		case c == ' ' || c == '\t':
			flushWord()
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	endCmd()
	return cmds
}
