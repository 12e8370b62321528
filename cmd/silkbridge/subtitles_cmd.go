package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

func init() { extraCommands = append(extraCommands, newSubtitlesCmd) }

func newSubtitlesCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "subtitles", Short: "Import, export and check subtitle tracks"}
	var title, lang, usage, format, encoding, orgSlug, asset, out string
	var fps string
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a subtitle file (SRT, WebVTT, TTML, EBU-TT-D, EBU STL) as a track of a title; prints its id and QC",
		Args:  cobra.ExactArgs(1),
		RunE: g.withApp(func(cmd *cobra.Command, args []string, a *app) error {
			raw, err := readSubtitleFile(args[0])
			if err != nil {
				return err
			}
			if orgSlug == "" {
				t, err := a.db.TitleGet(cmd.Context(), title)
				if err != nil {
					return err
				}
				orgSlug = t.Owner
			}
			svc := a.subtitlesService(media.NewService(a.db, a.catalog, nil, nil, media.Limits{}, nil))
			t, err := svc.Import(asOrgAdmin(cmd.Context(), orgSlug), subtitles.ImportRequest{TitleID: title, Language: lang,
				Usage: usage, Format: format, Encoding: encoding, AssetID: asset}, raw)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s %s, %s, %d cues, QC %s\n", t.Language, t.Format, t.Encoding, t.CueCount, passed(t.QC))
			printIssues(cmd.ErrOrStderr(), t.QC)
			fmt.Fprintln(cmd.OutOrStdout(), t.ID)
			return nil
		}),
	}
	imp.Flags().StringVar(&title, "title", "", "title id (required)")
	imp.Flags().StringVar(&lang, "language", "", "BCP-47 tag of the text (required)")
	imp.Flags().StringVar(&usage, "usage", "sub", "sub, sdh or forced")
	imp.Flags().StringVar(&format, "format", "auto", "auto, srt, vtt, ttml, ebu-tt-d or stl")
	imp.Flags().StringVar(&encoding, "encoding", "auto", "auto or a WHATWG encoding name (gb18030, big5, windows-1251, koi8-r…)")
	imp.Flags().StringVar(&orgSlug, "org", "", "uploading organisation, which owns the track (default: the title's owner)")
	imp.Flags().StringVar(&asset, "asset", "", "asset whose timeline and frame rate the track follows")
	imp.MarkFlagRequired("title")
	imp.MarkFlagRequired("language")

	exp := &cobra.Command{
		Use:   "export ID",
		Short: "Write a track as SRT (CRLF), WebVTT or TTML, UTF-8 (to -o FILE or stdout)",
		Args:  cobra.ExactArgs(1),
		RunE: g.withApp(func(cmd *cobra.Command, args []string, a *app) error {
			stored, err := a.db.SubtitleGet(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			t, err := a.subtitlesService(nil).Get(asOrgAdmin(cmd.Context(), stored.Org), args[0])
			if err != nil {
				return err
			}
			data, _, err := httpapi.Export(t, format)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = cmd.OutOrStdout().Write(data)
				return err
			}
			return os.WriteFile(out, data, 0o644)
		}),
	}
	exp.Flags().StringVar(&format, "format", "srt", "srt, vtt or ttml")
	exp.Flags().StringVarP(&out, "output", "o", "", "file to write (default stdout)")

	qc := &cobra.Command{
		Use:   "qc FILE",
		Short: "Check a local subtitle file against the default rules of its language; exits non-zero when it fails (no server or database)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := readSubtitleFile(args[0])
			if err != nil {
				return err
			}
			rate, ok := subtitles.ParseFrameRate(fps)
			if !ok {
				return fmt.Errorf("--fps %q: give a frame rate such as 25, 23.976 or 30000/1001", fps)
			}
			p, err := subtitles.Parse(raw, subtitles.ParseOptions{Format: format, Encoding: encoding, Language: lang})
			if err != nil {
				return describe(err)
			}
			q := subtitles.Check(p.Cues, subtitles.RulesFor(lang, nil), rate)
			fmt.Fprintf(cmd.OutOrStdout(), "%s, %s, %d cues, %s fps: %s\n", p.Format, p.Encoding, len(p.Cues), q.FrameRate, passed(q))
			printIssues(cmd.OutOrStdout(), q)
			if !q.Passed {
				cmd.SilenceUsage = true
				return fmt.Errorf("%d QC issues", len(q.Issues))
			}
			return nil
		},
	}
	qc.Flags().StringVar(&lang, "language", "", "BCP-47 tag of the text (required): picks the rules and guides encoding detection")
	qc.Flags().StringVar(&fps, "fps", "25", "frame rate for the minimum gap")
	qc.Flags().StringVar(&format, "format", "auto", "auto, srt, vtt, ttml, ebu-tt-d or stl")
	qc.Flags().StringVar(&encoding, "encoding", "auto", "auto or a WHATWG encoding name")
	qc.MarkFlagRequired("language")
	cmd.AddCommand(imp, exp, qc)
	return cmd
}

func readSubtitleFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, subtitles.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > subtitles.MaxFileSize {
		return nil, errors.New(path + ": larger than 10 MiB, the most a subtitle file may be")
	}
	return raw, nil
}

func passed(q *subtitles.QC) string {
	if q.Passed {
		return "passed"
	}
	return "failed (" + strconv.Itoa(len(q.Issues)) + " issues)"
}

// printIssues writes QC issues as an aligned table.
func printIssues(w io.Writer, q *subtitles.QC) {
	if len(q.Issues) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CUE\tSTART\tRULE\tVALUE\tLIMIT")
	for _, is := range q.Issues {
		value, limit := strconv.FormatFloat(is.Value, 'f', -1, 64), strconv.FormatFloat(is.Limit, 'f', -1, 64)
		switch is.Rule {
		case subtitles.RuleOrder, subtitles.RuleEmpty, subtitles.RuleTags:
			value, limit = "-", "-"
		case subtitles.RuleOverlap:
			limit = "0"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", is.Cue, is.Start, is.Rule, value, limit)
	}
	tw.Flush()
}
