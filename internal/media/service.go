package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// Error codes beyond apperr's, for limits; the HTTP layer answers them with
// 413 (too_large, quota_exceeded) and 507 (storage_full).
const (
	CodeTooLarge      apperr.Code = "too_large"
	CodeQuotaExceeded apperr.Code = "quota_exceeded"
	CodeStorageFull   apperr.Code = "storage_full"
)

// Limits bound what an organisation may store.
type Limits struct {
	// MaxUpload is the largest single file accepted, in bytes.
	MaxUpload int64
	// OrgQuota is the most an organisation may store in all, in bytes.
	OrgQuota int64
	// UploadTTL is how long an untouched resumable upload is kept.
	UploadTTL time.Duration
}

// Default limits.
const (
	DefaultMaxUpload = 200 << 30 // 200 GiB: a feature-length mezzanine with headroom
	DefaultOrgQuota  = 2 << 40   // 2 TiB
	// MaxMultipart is the largest file accepted in one multipart request
	// (posters, PDFs); larger files go through resumable upload.
	MaxMultipart = 64 << 20
	// DefaultUploadTTL keeps an interrupted upload resumable for a week.
	DefaultUploadTTL = 7 * 24 * time.Hour
)

// TitleReader finds titles an organisation may read (catalog.Service).
type TitleReader interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// LicenceChecker answers whether an organisation holds a licence on a title
// that is active on a day.
type LicenceChecker interface {
	HoldsActiveLicence(ctx context.Context, titleID, org string, day time.Time) (bool, error)
}

// Service applies the asset rules: the title's owner organisation's editors
// and admins upload and delete; whoever may read the title lists its assets;
// the owner and active licensees download originals.
type Service struct {
	store    Store
	titles   TitleReader
	licences LicenceChecker
	blobs    Blobs
	limits   Limits
	log      *slog.Logger
	now      func() time.Time
}

// NewService returns the asset service.
func NewService(store Store, titles TitleReader, licences LicenceChecker, blobs Blobs, limits Limits, log *slog.Logger) *Service {
	if limits.MaxUpload <= 0 {
		limits.MaxUpload = DefaultMaxUpload
	}
	if limits.OrgQuota <= 0 {
		limits.OrgQuota = DefaultOrgQuota
	}
	if limits.UploadTTL <= 0 {
		limits.UploadTTL = DefaultUploadTTL
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: store, titles: titles, licences: licences, blobs: blobs, limits: limits, log: log, now: time.Now}
}

// Limits returns the service's limits.
func (s *Service) Limits() Limits { return s.limits }

// Blobs returns the blob storage (for the processing side and downloads).
func (s *Service) Blobs() Blobs { return s.blobs }

// Store returns the asset store (for the upload handler's bookkeeping).
func (s *Service) Store() Store { return s.store }

// UploadRequest describes a file about to be uploaded.
type UploadRequest struct {
	TitleID  string
	Kind     string
	Filename string
	Language string
	Size     int64
}

// Checked is an UploadRequest that passed every rule, normalised.
type Checked struct {
	TitleID  string
	Org      string
	Kind     Kind
	Filename string
	Language string
	Size     int64
}

// CheckUpload decides, before a byte is stored, whether the caller may upload
// this file: a writer of the title's owner organisation, a valid kind, file
// name and language, within the size limit and the organisation's quota.
func (s *Service) CheckUpload(ctx context.Context, in UploadRequest) (*Checked, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	t, err := s.editableTitle(ctx, p, in.TitleID)
	if err != nil {
		return nil, err
	}
	var fields apperr.Fields
	kind, err := ParseKind(in.Kind)
	fields = appendFields(fields, err)
	fields = appendFields(fields, ValidateFilename(in.Filename))
	lang, err := CanonLanguage(in.Language)
	fields = appendFields(fields, err)
	if in.Size < 0 {
		fields.Add("size", "the size must not be negative")
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	if in.Size > s.limits.MaxUpload {
		return nil, apperr.New(CodeTooLarge, "the file is %d bytes; the largest accepted is %d bytes", in.Size, s.limits.MaxUpload)
	}
	used, err := s.store.AssetUsage(ctx, t.Owner)
	if err != nil {
		return nil, err
	}
	if used+in.Size > s.limits.OrgQuota {
		return nil, apperr.New(CodeQuotaExceeded, "organisation %s stores %d bytes; %d more would exceed its quota of %d bytes",
			t.Owner, used, in.Size, s.limits.OrgQuota)
	}
	return &Checked{TitleID: t.ID, Org: t.Owner, Kind: kind, Filename: in.Filename, Language: lang, Size: in.Size}, nil
}

func appendFields(f apperr.Fields, err error) apperr.Fields {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		f = append(f, ae.Fields...)
	}
	return f
}

// editableTitle returns the title if p may add assets to it: NotFound when p
// may not read it, Forbidden when p's organisation does not own it.
func (s *Service) editableTitle(ctx context.Context, p *auth.Principal, titleID string) (*catalog.Title, error) {
	if titleID == "" {
		f := apperr.Fields{}
		f.Add("title", "a title id is required")
		return nil, f.Err()
	}
	t, err := s.titles.Readable(ctx, p.Org, titleID)
	if err != nil {
		return nil, err
	}
	if t.Owner != p.Org {
		return nil, apperr.New(apperr.Forbidden, "only the title's owner (%s) may add or remove its assets", t.Owner)
	}
	return t, p.RequireWrite()
}

// Content is the bytes of an uploaded file as they were received: where they
// are stored and what they hash to.
type Content struct {
	Key    string
	SHA256 []byte
	Head   []byte
	Size   int64
}

// Register records an asset whose content is stored under c.Key. The key is
// deleted when the same content was already stored (deduplication) or when
// registering fails, so nothing is left half-written.
func (s *Service) Register(ctx context.Context, c *Checked, content Content) (*Asset, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if content.Size != c.Size {
		s.dropBlob(content.Key)
		return nil, apperr.New(apperr.Invalid, "received %d bytes, %d were announced", content.Size, c.Size)
	}
	a := &Asset{
		ID: NewID(), TitleID: c.TitleID, Org: c.Org, Kind: c.Kind, Filename: c.Filename, Language: c.Language,
		Size: content.Size, SHA256: hex.EncodeToString(content.SHA256), ContentType: Sniff(content.Head),
		Status: StatusReady, CreatedBy: p.Name, CreatedAt: s.now().UTC(),
	}
	kept, err := s.store.AssetRegister(ctx, a, content.Key)
	if err != nil {
		s.dropBlob(content.Key)
		return nil, err
	}
	if kept != content.Key {
		s.dropBlob(content.Key)
	}
	return a, nil
}

func (s *Service) dropBlob(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.blobs.Delete(ctx, key); err != nil {
		s.log.Warn("deleting unreferenced blob", "key", key, "err", err)
	}
}

// BlobKey returns a new key for content with this SHA-256. The key carries
// the hash (content-addressed) and a unique suffix, so a blob deleted after
// its last asset went can never be confused with the same content uploaded
// again at the same moment.
func BlobKey(sum []byte) string {
	h := hex.EncodeToString(sum)
	return fmt.Sprintf("sha256/%s/%s-%s", h[:2], h, NewID()[24:])
}

// Create stores a small file sent in one request (a poster, a PDF) and
// registers it: the same path as a resumable upload, in one step.
func (s *Service) Create(ctx context.Context, in UploadRequest, r io.Reader) (*Asset, error) {
	if in.Size > MaxMultipart {
		return nil, apperr.New(CodeTooLarge, "files over %d bytes are sent by resumable upload (/api/v1/uploads/)", MaxMultipart)
	}
	c, err := s.CheckUpload(ctx, in)
	if err != nil {
		return nil, err
	}
	// Spool to a temporary file while hashing: the key depends on the hash.
	tmp, err := os.CreateTemp("", "silkbridge-asset-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	head := &headWriter{}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, MaxMultipart+1))
	if err != nil {
		return nil, err
	}
	if n > MaxMultipart {
		return nil, apperr.New(CodeTooLarge, "files over %d bytes are sent by resumable upload (/api/v1/uploads/)", MaxMultipart)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	sum := h.Sum(nil)
	key := BlobKey(sum)
	if err := s.blobs.Put(ctx, key, tmp); err != nil {
		s.dropBlob(key)
		return nil, fmt.Errorf("store blob: %w", err)
	}
	return s.Register(ctx, c, Content{Key: key, SHA256: sum, Head: head.b, Size: n})
}

// headWriter keeps the first SniffLen bytes written to it.
type headWriter struct{ b []byte }

func (w *headWriter) Write(p []byte) (int, error) {
	if room := SniffLen - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// List returns a title's assets to anyone who may read the title.
func (s *Service) List(ctx context.Context, titleID string) ([]*Asset, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.titles.Readable(ctx, p.Org, titleID); err != nil {
		return nil, err
	}
	return s.store.AssetList(ctx, titleID)
}

// Get returns an asset to anyone who may read its title; others get NotFound.
func (s *Service) Get(ctx context.Context, id string) (*Asset, error) {
	a, _, err := s.get(ctx, id)
	return a, err
}

func (s *Service) get(ctx context.Context, id string) (*Asset, string, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, "", err
	}
	a, key, err := s.store.AssetGet(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.titles.Readable(ctx, p.Org, a.TitleID); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, "", apperr.New(apperr.NotFound, "asset %q not found", id)
		}
		return nil, "", err
	}
	return a, key, nil
}

// Delete removes an asset (the owner's editors and admins) and its blob when
// no other asset shares it.
func (s *Service) Delete(ctx context.Context, id string) error {
	p, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	a, _, err := s.get(ctx, id)
	if err != nil {
		return err
	}
	if a.Org != p.Org {
		return apperr.New(apperr.Forbidden, "only the owner (%s) may delete this asset", a.Org)
	}
	if err := p.RequireWrite(); err != nil {
		return err
	}
	orphan, err := s.store.AssetDelete(ctx, id)
	if err != nil {
		return err
	}
	if orphan != "" {
		s.dropBlob(orphan)
	}
	s.dropDerived(id)
	return nil
}

// PrefixDeleter is a blob store that can delete everything under a prefix.
type PrefixDeleter interface {
	DeletePrefix(ctx context.Context, prefix string) error
}

// dropDerived deletes an asset's preview files (they belong to the asset,
// not to the shared content).
func (s *Service) dropDerived(id string) {
	pd, ok := s.blobs.(PrefixDeleter)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := pd.DeletePrefix(ctx, DerivedPrefix(id)); err != nil {
		s.log.Warn("deleting an asset's preview files", "asset", id, "err", err)
	}
}

// Download is an original the caller may fetch.
type Download struct {
	Asset *Asset
	Key   string
}

// OpenDownload decides whether the caller may download an asset's original:
// the owner organisation, or an organisation holding a licence on the title
// active today. Others who may read the title get Forbidden; the rest NotFound.
func (s *Service) OpenDownload(ctx context.Context, id string) (*Download, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	a, key, err := s.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Org != p.Org {
		ok := false
		if s.licences != nil {
			if ok, err = s.licences.HoldsActiveLicence(ctx, a.TitleID, p.Org, s.now()); err != nil {
				return nil, err
			}
		}
		if !ok {
			return nil, apperr.New(apperr.Forbidden, "downloading the original needs a licence on this title active today")
		}
	}
	return &Download{Asset: a, Key: key}, nil
}

// RecordDownload audits one download answer (byteRange like "bytes=0-99" or "all").
func (s *Service) RecordDownload(ctx context.Context, a *Asset, byteRange string) error {
	return s.store.AssetRecordDownload(ctx, a, byteRange)
}

// CheckFinish decides whether the caller may complete an upload recorded at
// its creation: still a writer of the title's owner organisation.
func (s *Service) CheckFinish(ctx context.Context, u *Upload) (*Checked, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.editableTitle(ctx, p, u.TitleID)
	if err != nil {
		return nil, err
	}
	return &Checked{TitleID: t.ID, Org: t.Owner, Kind: u.Kind, Filename: u.Filename, Language: u.Language, Size: u.Size}, nil
}

// BeginUpload records a resumable upload the store has just created, after
// checking it again (the quota may have moved since the request was read).
func (s *Service) BeginUpload(ctx context.Context, id string, in UploadRequest) error {
	p, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	c, err := s.CheckUpload(ctx, in)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	return s.store.UploadCreate(ctx, &Upload{ID: id, Org: c.Org, CreatedBy: p.Name, TitleID: c.TitleID, Kind: c.Kind,
		Filename: c.Filename, Language: c.Language, Size: c.Size, CreatedAt: now, ExpiresAt: now.Add(s.limits.UploadTTL)})
}
