package ffmpeg

import (
	"bytes"
	"fmt"
	"math/bits"
	"os"
	"strings"
)

// codecFromInit reads the RFC 6381 codec string (CODECS attribute) of the
// video from an fMP4 init segment's decoder configuration: avcC gives
// "avc1.PPCCLL", hvcC gives "hvc1.P.C.TL.B…" (ISO/IEC 14496-15 annex E).
// Reading what was written is exact for copies and encodes alike.
func codecFromInit(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if i := bytes.Index(data, []byte("avcC")); i >= 0 && len(data) >= i+8 {
		c := data[i+4:]
		return fmt.Sprintf("avc1.%02x%02x%02x", c[1], c[2], c[3]), nil
	}
	if i := bytes.Index(data, []byte("hvcC")); i >= 0 && len(data) >= i+4+13 {
		return hevcCodec(data[i+4 : i+4+13]), nil
	}
	return "", fmt.Errorf("no avcC or hvcC box in the init segment")
}

// hevcCodec formats the first 13 bytes of an HEVCDecoderConfigurationRecord.
func hevcCodec(c []byte) string {
	space := []string{"", "A", "B", "C"}[c[1]>>6]
	tier := "L"
	if c[1]&0x20 != 0 {
		tier = "H"
	}
	profile := c[1] & 0x1f
	compat := bits.Reverse32(uint32(c[2])<<24 | uint32(c[3])<<16 | uint32(c[4])<<8 | uint32(c[5]))
	s := fmt.Sprintf("hvc1.%s%d.%X.%s%d", space, profile, compat, tier, c[12])
	constraints := c[6:12]
	for len(constraints) > 0 && constraints[len(constraints)-1] == 0 {
		constraints = constraints[:len(constraints)-1]
	}
	parts := make([]string, len(constraints))
	for i, b := range constraints {
		parts[i] = fmt.Sprintf("%X", b)
	}
	if len(parts) > 0 {
		s += "." + strings.Join(parts, ".")
	}
	return s
}
