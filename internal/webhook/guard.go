package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
)

// Guard keeps webhook deliveries away from the hub's own network (SSRF). It
// checks a URL when it is registered, for a clear 422, and again the address
// each delivery actually connects to (a net.Dialer Control hook), so DNS that
// changes after registration, or a name with both public and private
// addresses, cannot send a delivery inward. Both checks use one deny list.
type Guard struct {
	// AllowPrivate is the operator's --webhook-allow-private: receivers on
	// loopback and private networks, and plain http, are then accepted (for
	// tests and for hubs whose partners' receivers are on a private network).
	AllowPrivate bool
	Resolver     *net.Resolver
}

// CheckScheme refuses plain http unless the operator allows private targets:
// deliveries carry partners' business events and their signatures.
func (g *Guard) CheckScheme(u *url.URL) error {
	if u.Scheme == "https" || u.Scheme == "http" && g.AllowPrivate {
		return nil
	}
	return errors.New("must be an https URL (plain http only when the operator allows private webhook targets)")
}

// CheckURL refuses URLs whose host is or resolves to a forbidden address.
func (g *Guard) CheckURL(ctx context.Context, u *url.URL) error {
	if g.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		return CheckAddr(ip)
	}
	r := g.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("cannot resolve %s", host)
	}
	for _, a := range addrs {
		if err := CheckAddr(a); err != nil {
			return err
		}
	}
	return nil
}

// Control is a net.Dialer Control function enforcing the guard on the actual
// address being connected to.
func (g *Guard) Control(_, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return err
	}
	return CheckAddr(ap.Addr())
}

// CheckAddr refuses every address that is not plainly a public unicast host:
// the denied ranges below, checked on the IPv4 address itself when one is
// embedded in IPv6 (mapped, NAT64, 6to4), since those reach it as well.
func CheckAddr(ip netip.Addr) error {
	ip = ip.WithZone("").Unmap()
	if !ip.IsValid() {
		return errors.New("not an IP address")
	}
	if v4, ok := embeddedIPv4(ip); ok {
		if err := CheckAddr(v4); err != nil {
			return fmt.Errorf("address %s embeds %s: %w", ip, v4, err)
		}
	}
	for _, d := range deniedRanges {
		if d.prefix.Contains(ip) {
			return fmt.Errorf("address %s is %s; the operator must allow private webhook targets (--webhook-allow-private)", ip, d.what)
		}
	}
	return nil
}

// embeddedIPv4 returns the IPv4 address an IPv6 address translates to:
// NAT64 (64:ff9b::/96, RFC 6052) in its last 32 bits, 6to4 (2002::/16,
// RFC 3056) in bits 16-47. IPv4-mapped addresses were unmapped already.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

type deniedRange struct {
	prefix netip.Prefix
	what   string
}

// deniedRanges: IANA's special-purpose registries (RFC 6890 and successors)
// less what is globally reachable unicast. One list for registration and dial.
var deniedRanges = func() []deniedRange {
	var out []deniedRange
	for _, r := range [][2]string{
		{"0.0.0.0/8", "\"this network\""},
		{"10.0.0.0/8", "private"},
		{"100.64.0.0/10", "shared address space (CGNAT)"},
		{"127.0.0.0/8", "loopback"},
		{"169.254.0.0/16", "link-local"},
		{"172.16.0.0/12", "private"},
		{"192.0.0.0/24", "reserved for protocol assignments"},
		{"192.0.2.0/24", "documentation"},
		{"192.88.99.0/24", "6to4 relay anycast"},
		{"192.168.0.0/16", "private"},
		{"198.18.0.0/15", "benchmarking"},
		{"198.51.100.0/24", "documentation"},
		{"203.0.113.0/24", "documentation"},
		{"224.0.0.0/4", "multicast"},
		{"240.0.0.0/4", "reserved (and broadcast)"},
		{"::/96", "unspecified, loopback or IPv4-compatible (deprecated)"},
		{"::ffff:0:0/96", "IPv4-mapped"}, // unmapped before the check; kept for completeness
		{"64:ff9b:1::/48", "local-use NAT64"},
		{"100::/64", "discard-only"},
		{"2001::/23", "reserved for protocol assignments (Teredo, benchmarking, ORCHID)"},
		{"2001:db8::/32", "documentation"},
		{"3fff::/20", "documentation"},
		{"fc00::/7", "unique local (private)"},
		{"fe80::/10", "link-local"},
		{"fec0::/10", "site-local (deprecated)"},
		{"ff00::/8", "multicast"},
	} {
		out = append(out, deniedRange{netip.MustParsePrefix(r[0]), r[1]})
	}
	return out
}()
