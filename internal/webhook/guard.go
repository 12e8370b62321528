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

// Guard keeps webhook deliveries away from the hub's own network (SSRF):
// loopback, private, link-local, CGNAT and other non-public addresses are
// refused unless the operator allows them. It checks at registration and again
// on every connection, so DNS that changes after registration cannot redirect a
// delivery inward.
type Guard struct {
	AllowPrivate bool
	Resolver     *net.Resolver
}

// CheckURL refuses URLs whose host resolves to a forbidden address.
func (g *Guard) CheckURL(ctx context.Context, u *url.URL) error {
	if g.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		return checkAddr(ip)
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
		if err := checkAddr(a); err != nil {
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
	return checkAddr(ap.Addr())
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

func checkAddr(ip netip.Addr) error {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || cgnat.Contains(ip) {
		return errForbiddenAddr(ip)
	}
	return nil
}

func errForbiddenAddr(ip netip.Addr) error {
	return errors.New("address " + ip.String() + " is loopback or private; the operator must allow private webhook targets (--webhook-allow-private)")
}
