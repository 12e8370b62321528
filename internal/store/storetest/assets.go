package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Assets", exerciseAssets) }

// NewAsset returns an unregistered asset of title owned by org with the
// SHA-256 of content.
func NewAsset(titleID, org, content string) *media.Asset {
	sum := sha256.Sum256([]byte(content))
	return &media.Asset{ID: media.NewID(), TitleID: titleID, Org: org, Kind: media.KindMezzanine, Filename: "唐探1900 母版.mov",
		Language: "zh", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), ContentType: "video/quicktime",
		Status: media.StatusReady, CreatedBy: "editor", CreatedAt: time.Now().UTC()}
}

func exerciseAssets(t *testing.T, open func(t testing.TB) *store.DB) {
	setup := func(t *testing.T) (*store.DB, string) {
		db := open(t)
		s := NewServices(db)
		SeedOrgs(t, s)
		ti, err := s.Catalog.Create(As("cmg", auth.RoleEditor), TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
		if err != nil {
			t.Fatal(err)
		}
		return db, ti.ID
	}
	ctx := As("cmg", auth.RoleEditor)

	t.Run("RegisterGetList", func(t *testing.T) {
		db, title := setup(t)
		a := NewAsset(title, "cmg", "frames")
		a.Technical = &media.Technical{Container: "mov", DurationS: 12, Video: []media.VideoStream{{Codec: "h264", Width: 1920}}}
		kept, err := db.AssetRegister(ctx, a, "k1")
		if err != nil || kept != "k1" {
			t.Fatalf("register = %q, %v", kept, err)
		}
		got, key, err := db.AssetGet(ctx, a.ID)
		if err != nil || key != "k1" {
			t.Fatalf("get = %v, %q, %v", got, key, err)
		}
		if got.Filename != a.Filename || got.SHA256 != a.SHA256 || got.Size != a.Size || got.Language != "zh" ||
			got.Org != "cmg" || got.Status != media.StatusReady || !within(got.CreatedAt, a.CreatedAt) {
			t.Fatalf("stored %+v, read %+v", a, got)
		}
		if got.Technical == nil || got.Technical.Video[0].Width != 1920 {
			t.Fatalf("technical = %+v", got.Technical)
		}
		list, err := db.AssetList(ctx, title)
		if err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("list = %v, %v", list, err)
		}
		if list, _ := db.AssetList(ctx, "nope"); len(list) != 0 {
			t.Fatalf("unknown title lists %v", list)
		}
		if _, _, err := db.AssetGet(ctx, "nope"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown asset: %v", err)
		}
		// A title keeps its assets: deleting it first is a conflict.
		if err := NewServices(db).Catalog.Delete(ctx, title, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("deleting a title with assets: %v, want conflict", err)
		}
		if _, err := db.AssetDelete(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := NewServices(db).Catalog.Delete(ctx, title, ""); err != nil {
			t.Fatalf("deleting the title once its assets are gone: %v", err)
		}
	})

	t.Run("SameContentStoredOnceAndDeletedWithItsLastAsset", func(t *testing.T) {
		db, title := setup(t)
		a, b := NewAsset(title, "cmg", "same bytes"), NewAsset(title, "cmg", "same bytes")
		if kept, err := db.AssetRegister(ctx, a, "first"); err != nil || kept != "first" {
			t.Fatalf("first = %q, %v", kept, err)
		}
		if kept, err := db.AssetRegister(ctx, b, "second"); err != nil || kept != "first" {
			t.Fatalf("second register kept %q (%v); the content was already stored under first", kept, err)
		}
		if _, key, _ := db.AssetGet(ctx, b.ID); key != "first" {
			t.Fatalf("second asset reads blob %q", key)
		}
		if orphan, err := db.AssetDelete(ctx, a.ID); err != nil || orphan != "" {
			t.Fatalf("deleting one of two referrers orphaned %q (%v)", orphan, err)
		}
		if orphan, err := db.AssetDelete(ctx, b.ID); err != nil || orphan != "first" {
			t.Fatalf("deleting the last referrer orphaned %q (%v), want first", orphan, err)
		}
		if _, err := db.AssetDelete(ctx, b.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("second delete: %v", err)
		}
		// The blob row went with its last asset: the same content is new again.
		c := NewAsset(title, "cmg", "same bytes")
		if kept, err := db.AssetRegister(ctx, c, "third"); err != nil || kept != "third" {
			t.Fatalf("re-upload kept %q (%v)", kept, err)
		}
	})

	t.Run("EnqueuesInTheRegisteringTransaction", func(t *testing.T) {
		db, title := setup(t)
		var seen []string
		db.SetAssetEnqueuer(func(ctx context.Context, tx *sql.Tx, id string) error {
			if tx == nil {
				t.Error("enqueuer got no transaction")
			}
			seen = append(seen, id)
			if len(seen) == 2 {
				return errors.New("queue down")
			}
			return nil
		})
		a := NewAsset(title, "cmg", "one")
		if _, err := db.AssetRegister(ctx, a, "k1"); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := db.AssetGet(ctx, a.ID); got.Status != media.StatusProcessing {
			t.Fatalf("status with a queue = %s, want processing", got.Status)
		}
		if err := db.AssetSetProgress(ctx, a.ID, 42); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := db.AssetGet(ctx, a.ID); got.Progress != 42 {
			t.Fatalf("progress = %d, want 42", got.Progress)
		}
		if err := db.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusReady}); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := db.AssetGet(ctx, a.ID); got.Progress != 0 {
			t.Fatalf("a ready asset shows progress %d", got.Progress)
		}
		if err := db.AssetSetProgress(ctx, "nope", 1); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("progress of an unknown asset: %v", err)
		}
		b := NewAsset(title, "cmg", "two")
		if _, err := db.AssetRegister(ctx, b, "k2"); err == nil {
			t.Fatal("registering succeeded although enqueuing failed")
		}
		if _, _, err := db.AssetGet(ctx, b.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("asset whose job failed to enqueue was kept: %v", err)
		}
		if used, _ := db.AssetUsage(ctx, "cmg"); used != int64(len("one")) {
			t.Fatalf("usage = %d after a rolled-back registration", used)
		}
	})

	t.Run("UsageCountsAssetsAndOpenUploads", func(t *testing.T) {
		db, title := setup(t)
		if _, err := db.AssetRegister(ctx, NewAsset(title, "cmg", "12345"), "k"); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		u := &media.Upload{ID: "up1", Org: "cmg", CreatedBy: "editor", TitleID: title, Kind: media.KindTrailer,
			Filename: "Трейлер.mp4", Size: 1000, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.UploadCreate(ctx, u); err != nil {
			t.Fatal(err)
		}
		if used, err := db.AssetUsage(ctx, "cmg"); err != nil || used != 1005 {
			t.Fatalf("usage = %d, %v; want 1005", used, err)
		}
		if used, _ := db.AssetUsage(ctx, "vgtrk"); used != 0 {
			t.Fatalf("vgtrk usage = %d", used)
		}
	})

	t.Run("UploadHashStateRoundTrips", func(t *testing.T) {
		db, title := setup(t)
		now := time.Now().UTC()
		u := &media.Upload{ID: "a1b2+multipart.id", Org: "cmg", CreatedBy: "editor", TitleID: title, Kind: media.KindMezzanine,
			Filename: "唐探1900 母版.mov", Language: "zh", Size: 10, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.UploadCreate(ctx, u); err != nil {
			t.Fatal(err)
		}
		state := []byte{0, 1, 2, 255}
		if err := db.UploadSaveHash(ctx, u.ID, 4, state, []byte("head"), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.UploadSaveHash(ctx, u.ID, 8, []byte{9}, nil, now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := db.UploadGet(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.HashOffset != 8 || string(got.HashState) != "\x09" || string(got.Head) != "head" || got.Filename != u.Filename ||
			got.Kind != media.KindMezzanine || !within(got.ExpiresAt, now.Add(3*time.Hour)) {
			t.Fatalf("upload = %+v", got)
		}
		if ids, err := db.UploadsExpired(ctx, now.Add(4*time.Hour)); err != nil || len(ids) != 1 || ids[0] != u.ID {
			t.Fatalf("expired = %v, %v", ids, err)
		}
		if ids, _ := db.UploadsExpired(ctx, now); len(ids) != 0 {
			t.Fatalf("expired now = %v", ids)
		}
		if err := db.UploadDelete(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UploadGet(ctx, u.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("deleted upload: %v", err)
		}
		if err := db.UploadSaveHash(ctx, u.ID, 1, nil, nil, now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("saving the hash of a deleted upload: %v", err)
		}
	})

	t.Run("ProcessingUpdateAndDownloadAudit", func(t *testing.T) {
		db, title := setup(t)
		a := NewAsset(title, "cmg", "film")
		if _, err := db.AssetRegister(ctx, a, "k"); err != nil {
			t.Fatal(err)
		}
		tech := &media.Technical{Container: "mp4", Audio: []media.AudioStream{{Codec: "aac", Language: "ru"}}}
		if err := db.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusReady, Technical: tech,
			Preview: &media.Preview{HLS: "/hls", Poster: "/poster"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusFailed, Reason: "no ffmpeg"}); err != nil {
			t.Fatal(err)
		}
		got, _, _ := db.AssetGet(ctx, a.ID)
		if got.Status != media.StatusFailed || got.Reason != "no ffmpeg" || got.Technical == nil ||
			got.Technical.Audio[0].Language != "ru" || got.Preview == nil || got.Preview.HLS != "/hls" {
			t.Fatalf("after updates: %+v", got)
		}
		if err := db.AssetUpdateProcessing(ctx, "nope", media.ProcessingUpdate{Status: media.StatusReady}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("update of unknown asset: %v", err)
		}
		vgtrk := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "vgtrk", Role: auth.RoleViewer, Name: "vg-bot", TokenID: "t"})
		if err := db.AssetRecordDownload(vgtrk, a, "bytes=0-99"); err != nil {
			t.Fatal(err)
		}
		entries, err := audit.NewService(db).List(As("cmg", auth.RoleAdmin), audit.ListParams{Entity: "asset", EntityID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, e := range entries {
			if e.Action == "asset.downloaded" {
				found = e.ActorOrg == "vgtrk" && e.Actor == "vg-bot" && string(e.Changes) != "" &&
					strings.Contains(string(e.Changes), `"range":"bytes=0-99"`)
			}
		}
		if !found {
			t.Fatalf("no download entry naming vgtrk and the range in %+v", entries)
		}
	})
}
