package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// shownError is one refusal message of a page: a field error or an alert.
type shownError struct {
	Text, Lang string
}

// shownErrors returns the messages of a page's alerts (role="alert") and
// field errors (class field-error), with the language each is marked in,
// and the page's own language.
func shownErrors(t *testing.T, body string) (page string, out []shownError) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) string {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val
			}
		}
		return ""
	}
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			if l := attr(n, "lang"); l != "" {
				lang = l
			}
			if n.Data == "html" {
				page = lang
			}
			if attr(n, "hidden") == "" && (attr(n, "role") == "alert" || strings.Contains(" "+attr(n, "class")+" ", " field-error ")) {
				collectErrorText(n, lang, &out, attr)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
	return page, out
}

// collectErrorText gathers an alert's text per language run: list items and
// spans marked with their own lang become messages of their own, and text
// the user typed (dir="auto", <bdi>, <code>) is left out.
func collectErrorText(n *html.Node, lang string, out *[]shownError, attr func(*html.Node, string) string) {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode {
			if attr(n, "dir") == "auto" || n.Data == "bdi" || n.Data == "code" || n.Data == "script" || n.Data == "template" {
				return
			}
			if l := attr(n, "lang"); l != "" && l != lang {
				collectErrorText(n, l, out, attr)
				return
			}
			if n.Data == "li" || n.Data == "p" || n.Data == "br" {
				b.WriteString("\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	for _, line := range strings.Split(b.String(), "\n") {
		if s := strings.Join(strings.Fields(line), " "); s != "" {
			*out = append(*out, shownError{Text: s, Lang: lang})
		}
	}
}

// englishWord finds a lowercase ASCII word of three letters or more: in a
// ru or zh message it is an English message, a raw message id or a rule
// code shown as it is.
var englishWord = regexp.MustCompile(`(^|[^A-Za-z0-9_.+-])[a-z]{3,}([^A-Za-z]|$)|<no value>|\{\{`)

// rowCounts counts the rows of every table but those a sign-in or a page
// view writes, so a refused form can be shown to have written nothing.
func rowCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, n := range names {
		if strings.Contains(n, "session") || strings.Contains(n, "login") || n == "goose_db_version" {
			continue
		}
		var c int
		if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM "`+n+`"`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		out[n] = c
	}
	return out
}

func diffCounts(before, after map[string]int) string {
	var d []string
	for k, v := range after {
		if before[k] != v {
			d = append(d, fmt.Sprintf("%s %d→%d", k, before[k], v))
		}
	}
	sort.Strings(d)
	return strings.Join(d, ", ")
}

// pageForm returns the values a browser would submit from the page's form
// posting to action, untouched: hidden inputs, typed values, ticked boxes
// and selected options (the first option when none is).
func pageForm(t *testing.T, body, action string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" {
			if a, _ := attr(n, "action"); a == action {
				form = n
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form posting to %s", action)
	}
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			_, disabled := attr(n, "disabled")
			if named && !disabled {
				switch n.Data {
				case "input":
					typ, _ := attr(n, "type")
					val, _ := attr(n, "value")
					_, checked := attr(n, "checked")
					switch typ {
					case "checkbox", "radio":
						if checked {
							v.Add(name, map[bool]string{true: val, false: "on"}[val != ""])
						}
					case "submit", "button", "file":
					default:
						v.Add(name, val)
					}
				case "textarea":
					var b strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						b.WriteString(c.Data)
					}
					v.Add(name, b.String())
				case "select":
					var first, sel string
					found, haveFirst := false, false
					var opts func(o *html.Node)
					opts = func(o *html.Node) {
						if o.Type == html.ElementNode && o.Data == "option" {
							val, ok := attr(o, "value")
							if !ok && o.FirstChild != nil {
								val = o.FirstChild.Data
							}
							if !haveFirst {
								first, haveFirst = val, true
							}
							if _, s := attr(o, "selected"); s && !found {
								sel, found = val, true
							}
						}
						for c := o.FirstChild; c != nil; c = c.NextSibling {
							opts(c)
						}
					}
					opts(n)
					if !found {
						sel = first
					}
					v.Add(name, sel)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}
