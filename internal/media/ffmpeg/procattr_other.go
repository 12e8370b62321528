//go:build !linux

package ffmpeg

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }
