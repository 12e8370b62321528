package ffmpeg

import "syscall"

// sysProcAttr kills ffmpeg when the server dies (kill -9 included), so a
// retried job never races an orphan writing into the same directory.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
