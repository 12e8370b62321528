package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/tusclient"
)

func init() { extraCommands = append(extraCommands, newAssetsCmd) }

// remoteFlags name the server a client command talks to.
type remoteFlags struct {
	server string
	token  string
}

func (r *remoteFlags) register(cmd *cobra.Command) {
	pf := cmd.PersistentFlags()
	pf.StringVar(&r.server, "server", envOr("SILKBRIDGE_URL", "http://127.0.0.1:8080"), "server URL (env SILKBRIDGE_URL)")
	pf.StringVar(&r.token, "token", os.Getenv("SILKBRIDGE_TOKEN"), "API token (env SILKBRIDGE_TOKEN)")
}

func (r *remoteFlags) client() (*tusclient.Client, error) {
	if r.token == "" {
		return nil, fmt.Errorf("an API token is needed: --token or SILKBRIDGE_TOKEN")
	}
	return &tusclient.Client{Server: r.server, Token: r.token, StateDir: tusclient.DefaultStateDir()}, nil
}

func newAssetsCmd(_ *globalFlags) *cobra.Command {
	r := &remoteFlags{}
	cmd := &cobra.Command{Use: "assets", Short: "Upload and download media assets on a running server"}
	r.register(cmd)
	cmd.AddCommand(newAssetsUploadCmd(r), newAssetsDownloadCmd(r))
	return cmd
}

func newAssetsUploadCmd(r *remoteFlags) *cobra.Command {
	var title, kind, language, filename string
	var chunk int64
	var checksum bool
	cmd := &cobra.Command{
		Use:   "upload --title ID --kind KIND [--language L] FILE",
		Short: "Upload a file to a title (resumable: run it again after an interruption)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := r.client()
			if err != nil {
				return err
			}
			c.ChunkSize, c.Checksum = chunk, checksum
			meta := map[string]string{"title": title, "kind": kind, "language": language, "filename": filename}
			id, err := c.UploadFile(cmd.Context(), args[0], meta, progressPrinter(cmd.ErrOrStderr()))
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), id)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "title id (required)")
	cmd.Flags().StringVar(&kind, "kind", "", "mezzanine, proxy, trailer, poster, still, audio, document, press_kit or subtitle (required)")
	cmd.Flags().StringVar(&language, "language", "", "BCP-47 language of the content")
	cmd.Flags().StringVar(&filename, "filename", "", "file name to record (default: the file's own)")
	cmd.Flags().Int64Var(&chunk, "chunk", 0, "bytes per request (0: the rest of the file in one request)")
	cmd.Flags().BoolVar(&checksum, "checksum", false, "send a SHA-256 checksum with every request")
	cmd.MarkFlagRequired("title")
	cmd.MarkFlagRequired("kind")
	return cmd
}

func newAssetsDownloadCmd(r *remoteFlags) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "download ASSET_ID -o FILE",
		Short: "Download an asset's original (continues a partial FILE; checks the SHA-256)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := r.client()
			if err != nil {
				return err
			}
			a, err := c.Download(cmd.Context(), args[0], out, progressPrinter(cmd.ErrOrStderr()))
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s  %s\n", a.SHA256, out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (required)")
	cmd.MarkFlagRequired("output")
	return cmd
}

// progressPrinter reports progress at most twice a second.
func progressPrinter(w io.Writer) tusclient.Progress {
	var last time.Time
	return func(done, total int64) {
		if time.Since(last) < 500*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		pct := 100.0
		if total > 0 {
			pct = float64(done) * 100 / float64(total)
		}
		fmt.Fprintf(w, "\r%d / %d bytes (%.1f%%)", done, total, pct)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
