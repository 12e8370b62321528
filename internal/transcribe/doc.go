// Package transcribe suggests how a person's name is written in the scripts
// the user did not type: Chinese → Hanyu Pinyin (GB/T 28039-2011) and
// Palladius Cyrillic, Russian → Chinese (Xinhua 俄汉译音表) and Latin
// (ICAO Doc 9303). The functions are pure and never fail: a name they cannot
// handle gives an empty suggestion. Every rule names its source next to it;
// the research behind them is summarised in docs/people.md.
//
// Rules are right for mainland-PRC names and give a reading aid otherwise
// (Hong Kong, Taiwan and stage names, and most famous Russians in Chinese
// have established forms), so callers mark the output as a suggestion until
// a person confirms it.
package transcribe
