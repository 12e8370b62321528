package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestBrowserMediaDeliveryLinksAndCover: a licensee's admin, in Russian,
// makes a delivery link from the title page, copies it, and the link
// downloads the original without any credentials; a refused download count
// is worded in Russian; revoking it from the page stops it. The title's
// poster shows on its catalogue card. The owner's viewer sees the links
// but no form to make one, and no upload form.
func TestBrowserMediaDeliveryLinksAndCover(t *testing.T) {
	s := newMediaSite(t)
	cmg := storetest.As("cmg", auth.RoleEditor)
	original := []byte("a press kit the vendor needs, byte for byte")
	a, err := s.media.Create(cmg, media.UploadRequest{TitleID: s.title, Kind: "press_kit", Filename: "宣传资料 v2.pdf",
		Size: int64(len(original))}, bytes.NewReader(original))
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for i := range img.Pix {
		img.Pix[i] = 0xa3
	}
	img.Set(10, 10, color.Black)
	var poster bytes.Buffer
	if err := png.Encode(&poster, img); err != nil {
		t.Fatal(err)
	}
	p, err := s.media.Create(cmg, media.UploadRequest{TitleID: s.title, Kind: "poster", Filename: "poster.png",
		Size: int64(poster.Len())}, bytes.NewReader(poster.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	s.waitProcessed(t, a.ID)
	s.waitProcessed(t, p.ID)
	s.license(t)

	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("vgtrk", auth.RoleAdmin))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	// The catalogue card carries the poster.
	do(t, ctx, chromedp.Navigate(s.URL+"/titles"),
		waitJS(`(() => { const i = document.querySelector('a[href="/titles/`+s.title+`"]').closest('.card').querySelector('img.cover');
			return i && i.complete && i.naturalWidth === 320; })()`))
	shoot(t, ctx, "catalogue-ru", 390)
	shoot(t, ctx, "catalogue-ru", 1280)

	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+s.title), chromedp.WaitVisible(chromedp.CSS("#asset-"+a.ID)))
	if n := eval[int](t, ctx, `document.querySelectorAll('#media-upload').length`); n != 0 {
		t.Error("a licensee sees the upload form")
	}
	item := "#asset-" + a.ID
	do(t, ctx, chromedp.Click(chromedp.CSS(item+" .media-links summary")),
		chromedp.SetValue(chromedp.CSS(item+" select[name=expires_in]"), "7d"),
		chromedp.SetValue(chromedp.CSS(item+" input[name=max_downloads]"), "2"),
		chromedp.Click(chromedp.CSS(item+" .media-link-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(item+" .media-link-url")))
	url := eval[string](t, ctx, `document.querySelector('`+item+` .media-link-url').value`)
	if !strings.HasPrefix(url, s.URL+"/api/v1/links/sbl_") {
		t.Fatalf("link URL %q", url)
	}
	if got := text(t, ctx, item+" .media-link"); !strings.Contains(got, "Действует") || !strings.Contains(got, "скачиваний: 0 из 2") {
		t.Errorf("listed link: %q", got)
	}
	do(t, ctx, htmxIdle(), chromedp.Click(chromedp.CSS(item+" .media-copy-btn")),
		waitJS(`document.querySelector('`+item+` .media-copy-btn').textContent === 'Скопировано'`))
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, original) {
		t.Fatalf("vendor's download: %d %q", res.StatusCode, body)
	}
	noEnglish(t, ctx, "ru")
	shoot(t, ctx, "links-ru", 390)
	shoot(t, ctx, "links-ru", 1280)

	// A count the server refuses (the browser's own range check removed).
	do(t, ctx, htmxIdle(), chromedp.Evaluate[chromedp.Void](`document.querySelector('`+item+` input[name=max_downloads]').removeAttribute('max')`),
		chromedp.SetValue(chromedp.CSS(item+" input[name=max_downloads]"), "5000"),
		chromedp.Click(chromedp.CSS(item+" .media-link-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(item+" .field-error")))
	if got := text(t, ctx, item+" .field-error"); !strings.Contains(got, "Введите число от 1 до") {
		t.Errorf("refused count worded %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('`+item+` .media-link').length`); n != 1 {
		t.Errorf("%d links after a refused one", n)
	}

	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`), htmxIdle(),
		chromedp.Click(chromedp.CSS(item+" .media-link button")),
		waitJS(`!!document.querySelector('`+item+` .media-link[data-status="revoked"]')`))
	if res, err := http.Get(url); err != nil || res.StatusCode != http.StatusGone {
		t.Errorf("revoked link: %v, %v", res, err)
	}

	// The owner's viewer: the links of its own organisation, no forms.
	viewer := tab(t)
	browserSignIn(t, viewer, s.URL, demo.UserEmail("cmg", auth.RoleViewer))
	do(t, viewer, chromedp.Navigate(s.URL+"/titles/"+s.title), chromedp.WaitVisible(chromedp.CSS("#asset-"+a.ID)))
	if n := eval[int](t, viewer, `document.querySelectorAll('#media-upload, .media-link-form').length`); n != 0 {
		t.Errorf("a viewer sees %d upload or link forms", n)
	}
	if n := eval[int](t, viewer, `document.querySelectorAll('#media .media-link').length`); n != 0 {
		t.Errorf("cmg sees vgtrk's links: %d", n)
	}
	if n := eval[int](t, viewer, `document.querySelectorAll('#asset-`+a.ID+` a[download]').length`); n != 1 {
		t.Error("the owner's viewer has no download link")
	}
}
