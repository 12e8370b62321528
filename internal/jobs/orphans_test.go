package jobs

import (
	"os"
	"testing"
)

func TestClientIDNamesHostAndProcess(t *testing.T) {
	id := newClientID()
	if pid, ok := clientPID(id, hostname()); !ok || pid != os.Getpid() {
		t.Fatalf("%s → %d %v", id, pid, ok)
	}
	for _, other := range []string{"silkbridge.elsewhere.12.34", "river_client_1", "silkbridge." + hostname() + ".x.1", "silkbridge." + hostname() + ".-3.1"} {
		if _, ok := clientPID(other, hostname()); ok {
			t.Errorf("%s taken for a process of this host", other)
		}
	}
	if !processAlive(os.Getpid()) {
		t.Error("this process is not alive")
	}
}
