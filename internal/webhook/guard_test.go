package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// Every address class the hub must not reach, as a literal host and at dial
// time; the embedded-IPv4 forms were missed before.
func TestGuardDenyList(t *testing.T) {
	denied := []string{
		"127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.5",
		"169.254.169.254", "100.64.0.1", "100.127.255.254", "192.0.0.8", "192.0.2.1", "198.51.100.7", "203.0.113.9",
		"192.88.99.1", "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
		"::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
		"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "64:ff9b:1::1",
		"2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:c0a8:1::1",
		"2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:2::1", "2001:db8::1", "3fff::1", "100::1",
		"fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "fec0::1", "ff02::1", "ff05::1:3",
	}
	for _, s := range denied {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if err := CheckAddr(ip); err == nil {
			t.Errorf("CheckAddr(%s) allowed a non-public address", s)
		}
		g := &Guard{}
		if err := g.Control("tcp", netip.AddrPortFrom(ip, 443).String(), nil); err == nil {
			t.Errorf("dial-time check let %s through", s)
		}
		host := s
		if ip.Is6() {
			host = "[" + strings.ReplaceAll(s, "%", "%25") + "]"
		}
		u, err := url.Parse("https://" + host + ":8443/hook")
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		if err := g.CheckURL(context.Background(), u); err == nil {
			t.Errorf("CheckURL(%s) allowed a non-public address", u)
		}
	}
	allowed := []string{"93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e",
		"64:ff9b::5db8:d822", // NAT64 of 93.184.216.34
		"2002:5db8:d822::1",  // 6to4 of 93.184.216.34
		"::ffff:93.184.216.34"}
	for _, s := range allowed {
		if err := CheckAddr(netip.MustParseAddr(s)); err != nil {
			t.Errorf("public %s refused: %v", s, err)
		}
	}
	if err := (&Guard{AllowPrivate: true}).Control("tcp", "127.0.0.1:443", nil); err != nil {
		t.Errorf("operator allowed private targets but dial refused: %v", err)
	}
}

func TestGuardRequiresHTTPSUnlessPrivateAllowed(t *testing.T) {
	plain, _ := url.Parse("http://93.184.216.34/hook")
	secure, _ := url.Parse("https://93.184.216.34/hook")
	if (&Guard{}).CheckScheme(plain) == nil {
		t.Error("plain http accepted")
	}
	if (&Guard{}).CheckScheme(secure) != nil || (&Guard{AllowPrivate: true}).CheckScheme(plain) != nil {
		t.Error("https, or http with private targets allowed, refused")
	}
}

// memStore holds one endpoint and its deliveries for the deliverer.
type memStore struct {
	Store
	ep  *Endpoint
	del map[string]*Delivery
}

func (m *memStore) WebhookGet(context.Context, string) (*Endpoint, error) { return m.ep, nil }
func (m *memStore) DeliveryGet(_ context.Context, id string) (*Delivery, error) {
	d := *m.del[id]
	return &d, nil
}
func (m *memStore) DeliveryRecord(_ context.Context, d *Delivery) error {
	m.del[d.ID] = d
	return nil
}

func deliverTo(t *testing.T, guard *Guard, target string) (*Delivery, error) {
	t.Helper()
	st := &memStore{ep: &Endpoint{ID: "we_1", URL: target, Secret: NewSecret()},
		del: map[string]*Delivery{"msg_1": {ID: "msg_1", EndpointID: "we_1", Payload: `{}`, Status: "pending"}}}
	err := NewDeliverer(st, guard).Deliver(context.Background(), "msg_1", false)
	return st.del["msg_1"], err
}

// The resolved address is checked when the delivery connects, whatever was
// checked at registration.
func TestDeliveryRefusesPrivateAddressAtDialTime(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	d, err := deliverTo(t, &Guard{}, srv.URL)
	if err == nil || hits.Load() != 0 || !strings.Contains(d.LastError, "loopback") {
		t.Fatalf("delivery to loopback: err %v, hits %d, last error %q", err, hits.Load(), d.LastError)
	}
}

// A receiver's redirect is not followed: it could point inward.
func TestDeliveryDoesNotFollowRedirects(t *testing.T) {
	var inner atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { inner.Add(1) }))
	defer internal.Close()
	bouncer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/admin", http.StatusTemporaryRedirect)
	}))
	defer bouncer.Close()
	d, err := deliverTo(t, &Guard{AllowPrivate: true}, bouncer.URL)
	if err == nil || inner.Load() != 0 || d.LastStatus != http.StatusTemporaryRedirect {
		t.Fatalf("redirect: err %v, inner hits %d, last status %d", err, inner.Load(), d.LastStatus)
	}
}

// An http endpoint is never sent to unless the operator allows it.
func TestDeliveryRefusesPlainHTTP(t *testing.T) {
	d, err := deliverTo(t, &Guard{}, "http://93.184.216.34/hook")
	if err != ErrGone || d.Status != "failed" || !strings.Contains(d.LastError, "http") {
		t.Fatalf("plain http delivery: err %v, delivery %+v", err, d)
	}
}
