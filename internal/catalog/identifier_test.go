package catalog

import "testing"

func TestEIDRCheckCharacter(t *testing.T) {
	// A published EIDR ID (the example in EIDR's ID format documentation).
	for _, id := range []string{
		"10.5240/7791-8534-2C23-9030-8610-5",
	} {
		if got, ok := NormalizeEIDR(id); !ok || got != id {
			t.Errorf("NormalizeEIDR(%q) = %q, %v; want valid", id, got, ok)
		}
	}
	if got, ok := NormalizeEIDR("7791-8534-2c23-9030-8610-5"); !ok || got != "10.5240/7791-8534-2C23-9030-8610-5" {
		t.Errorf("prefix-less lower-case form not canonicalised: %q %v", got, ok)
	}
	for _, bad := range []string{
		"10.5240/7791-8534-2C23-9030-8610-6", // wrong check character
		"10.5240/7791-8534-2C23-9030-8610",   // missing check character
		"10.5240/7791-8534-2C23-9030-861G-5", // not hex
		"10.1234/7791-8534-2C23-9030-8610-5", // wrong prefix
		"",
	} {
		if _, ok := NormalizeEIDR(bad); ok {
			t.Errorf("NormalizeEIDR(%q) accepted", bad)
		}
	}
}

func TestISANCheckCharacters(t *testing.T) {
	work := "0000000134C70000"
	c, _ := mod3736Check(work)
	id := "ISAN 0000-0001-34C7-0000-" + string(c)
	if got, ok := NormalizeISAN(id); !ok || got != id {
		t.Fatalf("NormalizeISAN(%q) = %q, %v", id, got, ok)
	}
	wrong := byte('0')
	if c == '0' {
		wrong = '1'
	}
	if _, ok := NormalizeISAN("ISAN 0000-0001-34C7-0000-" + string(wrong)); ok {
		t.Error("ISAN with wrong check character accepted")
	}
	v, _ := mod3736Check(work + "00000000")
	full := id + "-0000-0000-" + string(v)
	if got, ok := NormalizeISAN(full); !ok || got != full {
		t.Errorf("versioned ISAN %q: %q %v", full, got, ok)
	}
}

func TestIMDb(t *testing.T) {
	if !ValidIMDb("tt0111161") || !ValidIMDb("tt10872600") {
		t.Error("valid IMDb ids refused")
	}
	for _, bad := range []string{"tt123", "nm0000001", "tt01111611234", "0111161"} {
		if ValidIMDb(bad) {
			t.Errorf("ValidIMDb(%q) = true", bad)
		}
	}
}
