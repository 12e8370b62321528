package media

import (
	"context"
	"io"
	"time"
)

// Store persists assets, the blobs they share and the uploads in progress.
type Store interface {
	// AssetRegister records a, whose content was placed under key, in one
	// transaction: it takes a reference on the blob with a's SHA-256 (adding
	// it under key when new), inserts the asset, audits it and enqueues its
	// processing. It returns the key the blob is kept under: when it differs
	// from key the content was already stored and key may be deleted.
	AssetRegister(ctx context.Context, a *Asset, key string) (kept string, err error)
	// AssetGet returns an asset and the key of its blob. Returns NotFound.
	AssetGet(ctx context.Context, id string) (*Asset, string, error)
	// AssetList returns a title's assets, oldest first.
	AssetList(ctx context.Context, titleID string) ([]*Asset, error)
	// AssetDelete removes an asset and drops its blob reference; when that
	// was the last one it returns the blob's key, to delete after commit.
	AssetDelete(ctx context.Context, id string) (orphan string, err error)
	// AssetUsage returns the bytes an organisation stores: its assets plus
	// the declared sizes of its uploads in progress.
	AssetUsage(ctx context.Context, org string) (int64, error)
	// AssetRecordDownload audits a download (who, which asset, which bytes).
	AssetRecordDownload(ctx context.Context, a *Asset, byteRange string) error
	// AssetUpdateProcessing records what processing found.
	AssetUpdateProcessing(ctx context.Context, id string, u ProcessingUpdate) error

	// UploadCreate records an upload in progress.
	UploadCreate(ctx context.Context, u *Upload) error
	// UploadGet returns an upload in progress. Returns NotFound.
	UploadGet(ctx context.Context, id string) (*Upload, error)
	// UploadSaveHash stores the hash state after offset bytes, and the
	// first bytes of the content when they are known.
	UploadSaveHash(ctx context.Context, id string, offset int64, state, head []byte, expires time.Time) error
	// UploadDelete forgets an upload.
	UploadDelete(ctx context.Context, id string) error
	// UploadsExpired lists uploads whose expiry is before t.
	UploadsExpired(ctx context.Context, t time.Time) ([]string, error)
}

// ProcessingUpdate is what the processing side writes back to an asset.
type ProcessingUpdate struct {
	Status    Status
	Reason    string
	Technical *Technical
	Preview   *Preview
}

// Upload is a resumable upload in progress, and the running SHA-256 of the
// bytes received so far (saved after every chunk, so a resumed upload -- even
// in another process -- continues the hash rather than re-reading the file).
type Upload struct {
	ID        string
	Org       string
	CreatedBy string
	TitleID   string
	Kind      Kind
	Filename  string
	Language  string
	Size      int64
	// HashOffset is how many bytes HashState covers.
	HashOffset int64
	HashState  []byte
	// Head holds the first SniffLen bytes, for sniffing the content type.
	Head      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Blobs stores content under keys (a file directory or an S3 bucket).
type Blobs interface {
	// Put stores r under key.
	Put(ctx context.Context, key string, r io.Reader) error
	// NewRangeReader reads length bytes from offset (length < 0: to the end).
	NewRangeReader(ctx context.Context, key string, offset, length int64) (io.ReadCloser, error)
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}
