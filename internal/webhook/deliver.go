package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Deliverer sends recorded deliveries.
type Deliverer struct {
	store  Store
	guard  *Guard
	client *http.Client
	now    func() time.Time
}

// NewDeliverer returns a Deliverer whose connections pass through guard.
func NewDeliverer(store Store, guard *Guard) *Deliverer {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: guard.Control}
	tr := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second, MaxIdleConnsPerHost: 2, Proxy: nil}
	client := &http.Client{Transport: tr, Timeout: 15 * time.Second,
		// Redirects would let a public endpoint bounce a delivery inward; receivers must answer directly.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Deliverer{store: store, guard: guard, client: client, now: time.Now}
}

// ErrGone means the delivery or its endpoint no longer exists; do not retry.
var ErrGone = errors.New("delivery or endpoint no longer exists")

// Deliver makes one attempt and records it. A non-2xx answer or a network
// error is returned so the job queue retries with backoff; final reports
// whether this was the last attempt the queue will make.
func (d *Deliverer) Deliver(ctx context.Context, id string, final bool) error {
	del, err := d.store.DeliveryGet(ctx, id)
	if err != nil {
		return ErrGone
	}
	if del.Status == "succeeded" {
		return nil
	}
	ep, err := d.store.WebhookGet(ctx, del.EndpointID)
	if err != nil {
		return ErrGone
	}
	now := d.now()
	if u, err := url.Parse(ep.URL); err != nil || d.guard.CheckScheme(u) != nil {
		// Registered before https was required, or the operator has since
		// withdrawn --webhook-allow-private: never send, and do not retry.
		del.Status, del.LastError = "failed", "plain http is not allowed for webhook deliveries"
		if err := d.store.DeliveryRecord(context.WithoutCancel(ctx), del); err != nil {
			return err
		}
		return ErrGone
	}
	sig, err := Sign(ep.Secret, del.ID, now, del.Payload)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, strings.NewReader(del.Payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "silkbridge-webhooks/1")
	req.Header.Set("webhook-id", del.ID)
	req.Header.Set("webhook-timestamp", fmt.Sprint(now.Unix()))
	req.Header.Set("webhook-signature", sig)
	del.Attempts++
	res, sendErr := d.client.Do(req)
	if sendErr == nil {
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
		del.LastStatus = res.StatusCode
		if res.StatusCode < 200 || res.StatusCode > 299 {
			sendErr = fmt.Errorf("endpoint answered %d", res.StatusCode)
		}
	}
	if sendErr == nil {
		t := now.UTC()
		del.Status, del.LastError, del.DeliveredAt = "succeeded", "", &t
	} else {
		del.LastError = sendErr.Error()
		if final {
			del.Status = "failed"
		}
	}
	if err := d.store.DeliveryRecord(context.WithoutCancel(ctx), del); err != nil {
		return err
	}
	return sendErr
}
