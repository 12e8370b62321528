package transcribe

import (
	"testing"

	"github.com/mozillazg/go-pinyin"
)

// Suggestions run on every person created and on every keystroke of the
// suggest endpoint; the baseline is go-pinyin's own per-character reading,
// which the Chinese path calls.

func BenchmarkSuggestChinese(b *testing.B) {
	for b.Loop() {
		Suggest("陈思诚", "zh-Hans")
	}
}

func BenchmarkSuggestRussian(b *testing.B) {
	for b.Loop() {
		Suggest("Олег Добродеев", "ru")
	}
}

func BenchmarkLazyPinyinBaseline(b *testing.B) {
	a := pinyin.NewArgs()
	for b.Loop() {
		pinyin.LazyPinyin("陈思诚", a)
	}
}
