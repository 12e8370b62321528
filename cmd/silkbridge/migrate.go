package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func newMigrateCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations and print the schema version (serve does this too)",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			v, err := a.db.SchemaVersion(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s database at schema version %d\n", a.db.Dialect(), v)
			return nil
		}),
	}
}

// describe turns a domain error into a clear CLI message with its field errors.
func describe(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.Fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(ae.Message)
	for _, f := range ae.Fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Message)
	}
	return errors.New(b.String())
}
