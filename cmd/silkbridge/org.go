package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/org"
)

func newOrgCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "org", Short: "Manage organisations and partnerships"}
	var o org.Organisation
	var name, nameLang string
	var names []string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an organisation (--partner makes both organisations partners of each other)",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			o.Names = map[string]string{}
			if name != "" {
				o.Names[nameLang] = name
			}
			for _, kv := range names {
				tag, v, ok := strings.Cut(kv, "=")
				if !ok {
					return fmt.Errorf("--names %q: want TAG=NAME, e.g. zh-Hans=中央广播电视总台", kv)
				}
				o.Names[tag] = v
			}
			if err := a.orgs.Create(cmd.Context(), &o); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created organisation %s (%s), partners: %s\n", o.Slug, o.Country, strings.Join(o.Partners, ", "))
			return nil
		}),
	}
	fl := create.Flags()
	fl.StringVar(&o.Slug, "slug", "", "short identifier, e.g. cmg (required)")
	fl.StringVar(&name, "name", "", "name of the organisation (required unless --names is given)")
	fl.StringVar(&nameLang, "name-lang", "en", "BCP-47 language of --name")
	fl.StringArrayVar(&names, "names", nil, "more names as TAG=NAME (repeatable)")
	fl.StringVar(&o.Country, "country", "", "ISO 3166-1 alpha-2 country code (required)")
	fl.StringArrayVar(&o.Partners, "partner", nil, "slug of an existing partner organisation (repeatable)")
	create.MarkFlagRequired("slug")
	create.MarkFlagRequired("country")

	partner := &cobra.Command{
		Use:   "partner SLUG SLUG",
		Short: "Make two organisations partners of each other",
		Args:  cobra.ExactArgs(2),
		RunE: g.withApp(func(cmd *cobra.Command, args []string, a *app) error {
			if err := a.orgs.Partner(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s and %s are partners\n", args[0], args[1])
			return nil
		}),
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List organisations",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			all, err := a.orgs.List(cmd.Context())
			if err != nil {
				return err
			}
			for _, o := range all {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\t%s\tpartners: %s\n", o.Slug, o.Country, o.DisplayName("en"), strings.Join(o.Partners, ","))
			}
			return nil
		}),
	}
	cmd.AddCommand(create, partner, list)
	return cmd
}
