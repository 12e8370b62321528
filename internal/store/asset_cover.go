package store

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/media"
)

var _ media.CoverStore = (*DB)(nil)

// AssetCovers implements media.CoverStore.
func (db *DB) AssetCovers(ctx context.Context, titleIDs []string) ([]*media.Asset, error) {
	if len(titleIDs) == 0 {
		return []*media.Asset{}, nil
	}
	args := make([]any, 0, len(titleIDs))
	for _, id := range titleIDs {
		args = append(args, id)
	}
	rows, err := db.reader().query(ctx, `SELECT `+assetColumns+` FROM assets a JOIN media_blobs b ON b.sha256 = a.sha256
		WHERE a.title_id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(titleIDs)), ", ")+`) AND a.status = 'ready'
		AND (a.kind IN ('poster', 'still') OR a.preview_poster <> '') ORDER BY a.created_at, a.id`, args...)
	if err != nil {
		return nil, err
	}
	as, _, err := scanAssets(rows)
	return as, err
}
