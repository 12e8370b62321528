package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/auth"
)

func newTokenCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Manage API tokens"}
	var orgSlug, role, name, id string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API token; it is printed once, alone on the last line",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return err
			}
			if _, err := a.orgs.Get(cmd.Context(), orgSlug); err != nil {
				return err
			}
			t, plain, err := a.tokens.Issue(cmd.Context(), orgSlug, r, name)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "created %s token %q (id %s) for %s; store it now, it is not shown again:\n", t.Role, t.Name, t.ID, t.Org)
			fmt.Fprintln(out, plain)
			return nil
		}),
	}
	create.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
	create.Flags().StringVar(&role, "role", "", "admin, editor or viewer (required)")
	create.Flags().StringVar(&name, "name", "", "what the token is for (required)")
	for _, f := range []string{"org", "role", "name"} {
		create.MarkFlagRequired(f)
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List an organisation's tokens",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			ts, err := a.tokens.List(cmd.Context(), orgSlug)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tROLE\tCREATED\tREVOKED")
			for _, t := range ts {
				revoked := "-"
				if t.RevokedAt != nil {
					revoked = t.RevokedAt.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.CreatedAt.Format("2006-01-02 15:04"), revoked)
			}
			return w.Flush()
		}),
	}
	list.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
	list.MarkFlagRequired("org")
	revoke := &cobra.Command{
		Use:   "revoke",
		Short: "Revoke an API token",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			if err := a.tokens.Revoke(cmd.Context(), orgSlug, id); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked token %s of %s\n", id, orgSlug)
			return nil
		}),
	}
	revoke.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
	revoke.Flags().StringVar(&id, "id", "", "token id (required)")
	revoke.MarkFlagRequired("org")
	revoke.MarkFlagRequired("id")
	cmd.AddCommand(create, list, revoke)
	return cmd
}
