package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/mt"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

// mtFlags configure the machine-translation provider of translation drafts.
type mtFlags struct {
	url, key string
}

func (f *mtFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.url, "mt-url", os.Getenv("SILKBRIDGE_MT_URL"),
		"base URL of a LibreTranslate-compatible service (POST /translate) for machine drafts of translations; empty: none (env SILKBRIDGE_MT_URL)")
	cmd.Flags().StringVar(&f.key, "mt-api-key", os.Getenv("SILKBRIDGE_MT_API_KEY"),
		"API key sent to the translation service, if it needs one (env SILKBRIDGE_MT_API_KEY)")
}

// translationService wires translation tasks over the app's database;
// without an --mt-url there are no machine drafts.
func (a *app) translationService(tracks *subtitles.Service, f *mtFlags) (*translation.Service, error) {
	if tracks == nil {
		return nil, nil
	}
	var tr translation.Translator
	if f.url != "" {
		c, err := mt.New(f.url, f.key)
		if err != nil {
			return nil, err
		}
		tr = c
	}
	return translation.NewService(a.db, tracks, a.db, tr), nil
}
