package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// FuzzClientAddress feeds arbitrary peers and X-Forwarded-For values to the
// client-address resolver: it must not panic, and the address it returns is
// the peer or one of the header's hops, never something else.
func FuzzClientAddress(f *testing.F) {
	for _, s := range [][2]string{
		{"10.0.0.1:1", "203.0.113.5"}, {"10.0.0.1:1", "1.1.1.1, 203.0.113.5, 10.0.0.2"}, {"[::1]:1", "[2001:db8::1]"},
		{"10.0.0.1:1", ",,,"}, {"garbage", "x"}, {"10.0.0.1:1", "::ffff:1.2.3.4"}, {"10.0.0.1:1", "fe80::1%eth0"},
	} {
		f.Add(s[0], s[1])
	}
	res := clientResolver{trusted: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := res.resolve(r)
		_ = addressKey(got)
		_ = credentialKey(r)
		if !got.IsValid() || got == peerAddr(remote) {
			return
		}
		if !res.isTrusted(peerAddr(remote)) {
			t.Fatalf("untrusted peer %q: client %v taken from the header", remote, got)
		}
	})
}
