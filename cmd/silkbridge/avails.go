package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func init() { extraCommands = append(extraCommands, newAvailsCmd) }

func newAvailsCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "avails", Short: "Import and export EMA Avails sheets (TSV or XLSX) as holdings or licences"}
	var orgSlug, kind, file, format, sheet string
	var keepGood bool
	imp := &cobra.Command{
		Use:   "import",
		Short: "Apply an avails sheet to an organisation's holdings or licences; all or nothing unless --keep-good-rows",
		RunE: func(cmd *cobra.Command, _ []string) error {
			data, err := readInput(cmd, file)
			if err != nil {
				return err
			}
			a, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.db.Close()
			if _, err := a.orgs.Get(cmd.Context(), orgSlug); err != nil {
				return describe(err)
			}
			// The import applies its rows in short transactions (as the
			// server's import job does), so a server on the same database
			// keeps writing meanwhile; progress goes to stderr.
			last := time.Now()
			rep, err := a.avails.Import(asOrgAdmin(cmd.Context(), orgSlug), data, avails.ImportOptions{
				Kind: rights.Kind(kind), Format: avails.Format(format), KeepGoodRows: keepGood,
				Progress: func(done, total int) {
					if time.Since(last) > time.Second || done == total && total > 0 {
						fmt.Fprintf(cmd.ErrOrStderr(), "applied %d of %d rows\n", done, total)
						last = time.Now()
					}
				}})
			if err != nil {
				return describe(err)
			}
			errOut := cmd.ErrOrStderr()
			for _, e := range rep.Errors {
				where := fmt.Sprintf("%s row %d", e.Sheet, e.Row)
				if e.Column != "" {
					where += ", column " + e.Column
				}
				if e.Value != "" {
					where += fmt.Sprintf(" (%q)", e.Value)
				}
				fmt.Fprintf(errOut, "%s: %s\n", where, e.Message)
			}
			if !rep.Committed {
				return fmt.Errorf("%d problems in %d rows; nothing was stored (fix them, or pass --keep-good-rows)", len(rep.Errors), rep.Rows)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s of %s: %d created, %d updated, %d deleted from %d rows", kind, orgSlug,
				rep.Created, rep.Updated, rep.Deleted, rep.Rows)
			if len(rep.Errors) > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "; %d bad rows skipped", len(rep.Errors))
			}
			fmt.Fprintln(cmd.OutOrStdout())
			return nil
		},
	}
	imp.Flags().BoolVar(&keepGood, "keep-good-rows", false, "store the good rows even when others are bad")
	imp.Flags().StringVar(&format, "format", "", "tsv or xlsx (default: detected from the content)")
	exp := &cobra.Command{
		Use:   "export",
		Short: "Write an organisation's holdings or licences as an avails sheet",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format == "" {
				format = "tsv"
				if strings.EqualFold(filepath.Ext(file), ".xlsx") {
					format = "xlsx"
				}
			}
			if format == "xlsx" && (file == "" || file == "-") {
				return fmt.Errorf("XLSX is binary: pass --file out.xlsx")
			}
			a, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.db.Close()
			if _, err := a.orgs.Get(cmd.Context(), orgSlug); err != nil {
				return describe(err)
			}
			data, _, err := a.avails.Export(asOrgAdmin(cmd.Context(), orgSlug), avails.ExportOptions{
				Kind: rights.Kind(kind), Format: avails.Format(format), Sheet: sheet})
			if err != nil {
				return describe(err)
			}
			if file == "" || file == "-" {
				_, err = cmd.OutOrStdout().Write(data)
				return err
			}
			return os.WriteFile(file, data, 0o644)
		},
	}
	exp.Flags().StringVar(&format, "format", "", "tsv or xlsx (default: from --file's extension, else tsv)")
	exp.Flags().StringVar(&sheet, "sheet", "movies", "TSV only: movies or tv")
	for _, c := range []*cobra.Command{imp, exp} {
		c.Flags().StringVar(&orgSlug, "org", "", "organisation slug (required)")
		c.Flags().StringVar(&kind, "kind", "holdings", "holdings (avails received) or licences (avails sent)")
		c.Flags().StringVar(&file, "file", "", "file to read or write (default stdin/stdout)")
		c.MarkFlagRequired("org")
	}
	cmd.AddCommand(imp, exp)
	return cmd
}

func readInput(cmd *cobra.Command, file string) ([]byte, error) {
	var r io.Reader = cmd.InOrStdin()
	if file != "" && file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, avails.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > avails.MaxBytes {
		return nil, fmt.Errorf("the file is larger than %d MB", avails.MaxBytes>>20)
	}
	return data, nil
}
