package httpapi

import (
	"context"
	"log/slog"

	expslog "golang.org/x/exp/slog"
)

// tusLogger routes tusd's log (golang.org/x/exp/slog) into the server's own
// log at WARN and above: tusd logs every request at INFO, which the server's
// request log already covers.
func tusLogger(l *slog.Logger) *expslog.Logger {
	return expslog.New(expHandler{h: l.With("component", "tus").Handler()})
}

type expHandler struct{ h slog.Handler }

func (e expHandler) Enabled(ctx context.Context, l expslog.Level) bool {
	return l >= expslog.LevelWarn && e.h.Enabled(ctx, slog.Level(l))
}

func (e expHandler) Handle(ctx context.Context, r expslog.Record) error {
	out := slog.NewRecord(r.Time, slog.Level(r.Level), r.Message, r.PC)
	r.Attrs(func(a expslog.Attr) bool {
		out.AddAttrs(slog.Any(a.Key, a.Value.Any()))
		return true
	})
	return e.h.Handle(ctx, out)
}

func (e expHandler) WithAttrs(attrs []expslog.Attr) expslog.Handler {
	as := make([]slog.Attr, 0, len(attrs))
	for _, a := range attrs {
		as = append(as, slog.Any(a.Key, a.Value.Any()))
	}
	return expHandler{h: e.h.WithAttrs(as)}
}

func (e expHandler) WithGroup(name string) expslog.Handler { return expHandler{h: e.h.WithGroup(name)} }
