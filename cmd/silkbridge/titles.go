package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func newTitlesCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "titles", Short: "Export and import titles as JSON lines"}
	var orgSlug, file string
	export := &cobra.Command{
		Use:   "export",
		Short: "Write an organisation's titles as JSON lines (to --file or stdout)",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			if _, err := a.orgs.Get(cmd.Context(), orgSlug); err != nil {
				return err
			}
			var w io.Writer = cmd.OutOrStdout()
			if file != "" && file != "-" {
				f, err := os.Create(file)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			n, err := a.catalog.Export(asOrgAdmin(cmd.Context(), orgSlug), w)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "exported %d titles of %s\n", n, orgSlug)
			return nil
		}),
	}
	imp := &cobra.Command{
		Use:   "import",
		Short: "Create or replace titles from JSON lines (--file or stdin); all or nothing",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			var r io.Reader = cmd.InOrStdin()
			if file != "" && file != "-" {
				f, err := os.Open(file)
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			if _, err := a.orgs.Get(cmd.Context(), orgSlug); err != nil {
				return err
			}
			n, err := a.catalog.Import(asOrgAdmin(cmd.Context(), orgSlug), r)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d titles for %s\n", n, orgSlug)
			return nil
		}),
	}
	for _, c := range []*cobra.Command{export, imp} {
		c.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
		c.Flags().StringVar(&file, "file", "", "file to read or write (default stdin/stdout)")
		c.MarkFlagRequired("org")
	}
	cmd.AddCommand(export, imp)
	return cmd
}
