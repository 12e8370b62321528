package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/auth"
)

func init() { extraCommands = append(extraCommands, newUserCmd) }

func newUserCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage the people who sign in to the web interface"}
	var orgSlug, email, role, name string
	create := &cobra.Command{
		Use:     "create",
		Short:   "Create a user; the password is read from the first line of stdin",
		Example: `  printf '%s\n' "$PASSWORD" | silkbridge user create --org cmg --email ed@example.org --role editor`,
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return err
			}
			password, err := readPassword(cmd.InOrStdin(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if _, err := a.orgs.Get(cmd.Context(), orgSlug); err != nil {
				return err
			}
			u, err := auth.NewUserService(a.db).AddMember(asOrgAdmin(cmd.Context(), orgSlug),
				auth.NewUser{Email: email, Name: name, Role: r, Password: password})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created %s %s (id %s) in %s\n", u.Role, u.Email, u.ID, u.Org)
			return nil
		}),
	}
	create.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
	create.Flags().StringVar(&email, "email", "", "email address used to sign in (required)")
	create.Flags().StringVar(&role, "role", "", "admin, editor or viewer (required)")
	create.Flags().StringVar(&name, "name", "", "display name")
	for _, f := range []string{"org", "email", "role"} {
		create.MarkFlagRequired(f)
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List an organisation's users",
		RunE: g.withApp(func(cmd *cobra.Command, _ []string, a *app) error {
			users, err := auth.NewUserService(a.db).Members(asOrgAdmin(cmd.Context(), orgSlug))
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "EMAIL\tROLE\tNAME\tCREATED")
			for _, u := range users {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Email, u.Role, u.Name, u.CreatedAt.Format("2006-01-02 15:04"))
			}
			return w.Flush()
		}),
	}
	list.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
	list.MarkFlagRequired("org")
	cmd.AddCommand(create, list)
	return cmd
}

// readPassword reads one line from in. Passwords never go on the command
// line, where other local users could see them in the process list.
func readPassword(in io.Reader, prompt io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(prompt, "password (input is visible): ")
		}
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on stdin; pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | silkbridge user create …")
	}
	return line, nil
}
