package rights

import "context"

// Change is what one rights transaction writes; deletions apply before additions,
// so an import can replace a record under the same id.
type Change struct {
	DeleteHoldings []string
	DeleteLicences []string
	AddHoldings    []*Holding
	AddLicences    []*Licence
	// Decide sets the status of stored holdings (claims confirmed or
	// rejected); the store notifies the claimant and the keepers.
	Decide []Decision
}

// CandidateParams narrows a catalogue-wide query to titles that hold
// something overlapping the request, in id order after After.
type CandidateParams struct {
	Viewer      string
	After       string
	Limit       int
	Territories TerritorySet
	Media       MediaSet
	From, To    Day
	// Blocking, when set, also leaves out titles carrying a licence that
	// overlaps the request and would block all of it (see blockingLicences).
	Blocking LicenceBlock
}

// LicenceBlock says which licences overlapping a request make it unavailable.
type LicenceBlock int

// Licence blocks.
const (
	BlockNone      LicenceBlock = iota
	BlockExclusive              // an overlapping exclusive licence
	BlockAny                    // any overlapping licence
)

// Store persists holdings and licences.
type Store interface {
	// RightsFamily loads the rights family of a title, with its dated
	// events (Family.Dated). Returns NotFound.
	RightsFamily(ctx context.Context, titleID string) (*Family, error)
	// RightsFamilies loads the families of several titles, in the given order.
	RightsFamilies(ctx context.Context, titleIDs []string) ([]*Family, error)
	// RightsFamiliesFor is RightsFamilies as viewer reads it: a title viewer
	// may not read, or that does not exist, has a nil family.
	RightsFamiliesFor(ctx context.Context, viewer string, titleIDs []string) ([]*Family, error)
	// RightsChange locks the rights of the title's hierarchy, loads its family,
	// lets fn decide a change and writes it, all in one transaction, so two
	// concurrent changes can never both pass fn's checks against stale data.
	RightsChange(ctx context.Context, titleID string, fn func(f *Family) (*Change, error)) error
	// RightsCandidates returns ids of titles readable by p.Viewer, after
	// p.After in id order, that have (or inherit) a holding overlapping the
	// territories, media and days of p (and pass p.Blocking), considering at
	// most about p.Limit titles with such holdings. next is the id up to which
	// titles were considered, to continue after; "" when none remain.
	RightsCandidates(ctx context.Context, p CandidateParams) (ids []string, next string, err error)
	// HoldingsOf and LicencesOf return an organisation's records, by title then id.
	HoldingsOf(ctx context.Context, org string) ([]*Holding, error)
	LicencesOf(ctx context.Context, org string) ([]*Licence, error)
	// HoldingClaims returns the holdings recorded on the title itself that
	// are not confirmed (open and rejected claims), by id. Families used to
	// answer availability leave them out; families loaded for a change
	// include them, with Family.Keepers.
	HoldingClaims(ctx context.Context, titleID string) ([]*Holding, error)
	// TitleIDsByRef returns the titles whose id, EIDR, ISAN or alternative id is ref.
	TitleIDsByRef(ctx context.Context, ref string) ([]string, error)
}
