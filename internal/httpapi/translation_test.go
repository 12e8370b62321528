package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/mt"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/translation"
)

// fakeLibreTranslate speaks LibreTranslate's POST /translate: known
// sentences from a phrase book, anything else marked as untranslated.
func fakeLibreTranslate(t *testing.T) *httptest.Server {
	book := map[string]string{
		"我们明天见。": "Увидимся завтра.",
		"你知道Чайнатаун这个地方吗我们在那里见面吧": "Ты знаешь Чайнатаун? Встретимся там.",
		"<i>好的。</i>": "<i>Хорошо.</i>",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Q              []string `json:"q"`
			Source, Target string
		}
		if r.URL.Path != "/translate" || json.NewDecoder(r.Body).Decode(&in) != nil || in.Source != "zh" || in.Target != "ru" {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		out := make([]string, len(in.Q))
		for i, q := range in.Q {
			if tr, ok := book[q]; ok {
				out[i] = tr
			} else {
				out[i] = "?" + q
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTranslationBundle(t *testing.T, open func(testing.TB) *store.DB, withMT bool) *subtitleBundle {
	t.Helper()
	return newSubtitleBundleWith(t, open, func(db *store.DB, deps *httpapi.Deps) {
		var tr translation.Translator
		if withMT {
			c, err := mt.New(fakeLibreTranslate(t).URL, "")
			if err != nil {
				t.Fatal(err)
			}
			tr = c
		}
		deps.Translations = translation.NewService(db, deps.Subtitles, db, tr)
	})
}

func fieldCode(r *response) string {
	if errs, ok := r.body["errors"].([]any); ok && len(errs) > 0 {
		c, _ := errs[0].(map[string]any)["code"].(string)
		return c
	}
	return ""
}

// TestTranslationThroughTheAPI: cmg asks vgtrk for Russian subtitles; vgtrk
// drafts them by machine with the pair's glossary, edits under If-Match,
// submits; cmg approves, and the Russian track joins the asset's preview.
func TestTranslationThroughTheAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newTranslationBundle(t, open, true)
		src := b.upload("cmg/editor", "language=zh-Hans&asset="+b.asset, []byte(storetest.SubtitleSRT)).want(t, http.StatusCreated)
		srcID := src.body["id"].(string)
		b.do("POST", "/api/v1/glossaries/cmg/terms", "vgtrk/editor", map[string]any{"source_language": "zh", "target_language": "ru",
			"source": "唐人街", "target": "Чайнатаун"}).want(t, 200)
		b.do("POST", "/api/v1/glossaries/vgtrk/terms", "cmg/viewer", map[string]any{"source_language": "zh", "target_language": "ru",
			"source": "a", "target": "b"}).want(t, http.StatusForbidden)
		if g := b.do("GET", "/api/v1/glossaries/vgtrk", "cmg/viewer", nil).want(t, 200); len(g.body["items"].([]any)) != 1 {
			t.Fatalf("glossary %s", g.raw)
		}
		b.do("GET", "/api/v1/glossaries/cmg", "other/admin", nil).want(t, http.StatusNotFound)

		path := "/api/v1/subtitles/" + srcID + "/translations"
		if r := b.do("POST", path, "cmg/editor", map[string]any{"target_language": "ru", "assignee": "other"}).want(t, 422); fieldCode(r) != translation.CodeAssignee {
			t.Errorf("stranger assignee: %s", r.raw)
		}
		b.do("POST", path, "other/editor", map[string]any{"target_language": "ru", "assignee": "other"}).want(t, http.StatusNotFound)
		created := b.do("POST", path, "cmg/editor", map[string]any{"target_language": "ru", "assignee": "vgtrk", "due": "2025-08-15"}).want(t, 201)
		id := created.body["id"].(string)
		if created.header.Get("ETag") != `"v1"` || created.header.Get("Location") != "/api/v1/translations/"+id || created.body["status"] != "open" ||
			created.body["mt_available"] != true {
			t.Fatalf("created %s %v", created.raw, created.header)
		}
		task := "/api/v1/translations/" + id
		b.do("GET", task, "other/admin", nil).want(t, http.StatusNotFound)
		if l := b.do("GET", path, "vgtrk/viewer", nil).want(t, 200); len(l.body["items"].([]any)) != 1 {
			t.Errorf("track's translations %s", l.raw)
		}

		draft := b.do("POST", task+"/machine-draft", "vgtrk/editor", nil).want(t, 200)
		cues := draft.body["cue_list"].([]any)
		c2 := cues[1].(map[string]any)
		if draft.body["filled"] != 3.0 || draft.body["status"] != "in_progress" || draft.body["machine_cues"] != 3.0 ||
			c2["lines"].([]any)[0] != "Ты знаешь Чайнатаун? Встретимся там." || c2["flags"].(map[string]any)["machine"] != true ||
			c2["source_lines"].([]any)[0] != "你知道唐人街这个地方吗我们在那里见面吧" || c2["start"] != c2["source_start"] {
			t.Fatalf("draft %s", draft.raw)
		}
		etag := draft.header.Get("ETag")
		if r := b.do("POST", task+"/submit", "vgtrk/editor", nil).want(t, 422); fieldCode(r) != translation.CodeMachine {
			t.Errorf("submit with machine cues: %s", r.raw)
		}
		edit := map[string]any{"cues": []any{map[string]any{"index": 1, "lines": []string{"До завтра."}}}}
		b.do("PATCH", task+"/cues", "vgtrk/editor", edit).want(t, http.StatusPreconditionFailed)
		saved := b.do("PATCH", task+"/cues", "vgtrk/editor", edit, "If-Match", etag).want(t, 200)
		b.do("PATCH", task+"/cues", "vgtrk/editor", edit, "If-Match", etag).want(t, http.StatusPreconditionFailed) // the second translator
		b.do("PATCH", task+"/cues", "cmg/editor", edit, "If-Match", saved.header.Get("ETag")).want(t, http.StatusForbidden)
		// Cue 2 without the glossary term: QC says so.
		saved = b.do("PATCH", task+"/cues", "vgtrk/editor", map[string]any{"cues": []any{
			map[string]any{"index": 2, "lines": []string{"Ты знаешь китайский квартал?"}}, map[string]any{"index": 3, "confirm": true}}},
			"If-Match", saved.header.Get("ETag")).want(t, 200)
		if !strings.Contains(string(saved.raw), `"rule":"glossary","value":0,"limit":0,"term":"Чайнатаун"`) {
			t.Errorf("no glossary issue: %s", saved.raw)
		}
		saved = b.do("PATCH", task+"/cues", "vgtrk/editor", map[string]any{"cues": []any{
			map[string]any{"index": 2, "lines": []string{"Знаешь Чайнатаун?"}, "end": "00:00:06.500"}}}, "If-Match", saved.header.Get("ETag")).want(t, 200)
		if c := saved.body["cue_list"].([]any)[1].(map[string]any); c["end"] != "00:00:06.500" || c["retimed"] != true || strings.Contains(string(saved.raw), `"glossary"`) {
			t.Errorf("retimed cue %s", saved.raw)
		}
		b.do("POST", task+"/approve", "cmg/editor", nil).want(t, http.StatusConflict)
		b.do("POST", task+"/submit", "vgtrk/editor", nil, "If-Match", `"v1"`).want(t, http.StatusPreconditionFailed)
		b.do("POST", task+"/submit", "vgtrk/editor", nil).want(t, 200)
		b.do("POST", task+"/approve", "vgtrk/editor", nil).want(t, http.StatusForbidden)
		done := b.do("POST", task+"/approve", "cmg/editor", nil).want(t, 200)
		ruID, _ := done.body["result_track_id"].(string)
		if done.body["status"] != "approved" || ruID == "" {
			t.Fatalf("approved %s", done.raw)
		}
		ru := b.do("GET", "/api/v1/subtitles/"+ruID+"?format=srt", "vgtrk/viewer", nil).want(t, 200)
		if want := "1\r\n00:00:01,000 --> 00:00:03,000\r\nДо завтра.\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,500\r\nЗнаешь Чайнатаун?\r\n"; !strings.HasPrefix(string(ru.raw), want) {
			t.Errorf("approved track:\n%s", ru.raw)
		}
		pb := &previewBundle{testBundle: b.testBundle}
		asset := b.do("GET", "/api/v1/assets/"+b.asset, "cmg/viewer", nil).want(t, 200)
		if _, master, _ := pb.get(t, "/", asset.body["preview"].(map[string]any)["hls"].(string)); !strings.Contains(master, `TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="ru",NAME="Русский"`) {
			t.Errorf("master without the translation:\n%s", master)
		}
	})
}

// TestTranslationWithoutProvider: no --mt-url, no machine drafts: 503 with
// a code, and the task says so.
func TestTranslationWithoutProvider(t *testing.T) {
	b := newTranslationBundle(t, storetest.OpenSQLite, false)
	src := b.upload("cmg/editor", "language=zh-Hans", []byte(storetest.SubtitleSRT)).want(t, http.StatusCreated)
	created := b.do("POST", "/api/v1/subtitles/"+src.body["id"].(string)+"/translations", "cmg/editor",
		map[string]any{"target_language": "ru", "assignee": "vgtrk"}).want(t, 201)
	if created.body["mt_available"] != false {
		t.Errorf("mt_available %v", created.body["mt_available"])
	}
	r := b.do("POST", "/api/v1/translations/"+created.body["id"].(string)+"/machine-draft", "vgtrk/editor", nil).want(t, http.StatusServiceUnavailable)
	if r.body["code"] != translation.CodeMTUnavailable || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("answer %s %v", r.raw, r.header)
	}
}
