package httpbench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
)

// ServeBare is the bare handler's process: it answers every request with
// the body in $SILKBRIDGE_HTTPBENCH_BARE_BODY as application/json, with no
// middleware, until ctx ends.
func ServeBare(ctx context.Context, out io.Writer) error {
	body, err := os.ReadFile(os.Getenv(BareEnv))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})}
	fmt.Fprintf(out, "bare handler listening on http://%s\n", ln.Addr())
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
