package searchbench

// ViewerOrg is the organisation that reads the generated catalogue in the
// benchmarks (another than its owner, so the visibility rule has work to do).
const ViewerOrg = viewerOrg
