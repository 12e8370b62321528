package main

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"

	"github.com/silkbridge/silkbridge/internal/server"
)

// trustedProxies reads --trusted-proxies. SILKBRIDGE_TRUST_PROXY=1 without
// a list keeps its older meaning, "a proxy on a private network fronts the
// hub", and trusts loopback and private ranges.
func trustedProxies(list string) ([]netip.Prefix, error) {
	if list == "" {
		if on, _ := strconv.ParseBool(os.Getenv("SILKBRIDGE_TRUST_PROXY")); on {
			return server.PrivateNetworks, nil
		}
		return nil, nil
	}
	p, err := server.ParseTrustedProxies(list)
	if err != nil {
		return nil, fmt.Errorf("--trusted-proxies: %w", err)
	}
	return p, nil
}
