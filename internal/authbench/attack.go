package authbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"sync"
	"time"
)

// AttackEnv carries an AttackSpec to the attacking child process.
const AttackEnv = "SILKBRIDGE_AUTHBENCH_ATTACK"

// AttackSpec is what the attacking process does.
type AttackSpec struct {
	URL       string
	Attackers int
	// Spread gives each attacker its own loopback address (127.0.1.x…).
	Spread bool
	// TokenID is sent with random secrets; with Junk, every other request
	// carries a random junk Authorization header instead.
	TokenID  string
	Junk     bool
	Every    time.Duration
	Duration time.Duration
}

// Attack runs spec's attackers until its duration is over and returns how
// many answers of each status they got.
func Attack(ctx context.Context, spec AttackSpec) map[int]int64 {
	ctx, cancel := context.WithTimeout(ctx, spec.Duration)
	defer cancel()
	total := map[int]int64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range spec.Attackers {
		local := netip.AddrFrom4([4]byte{127, 0, 0, 1})
		if spec.Spread {
			local = netip.AddrFrom4([4]byte{127, 0, 1 + byte(i/250), 1 + byte(i%250)})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := clientFrom(local)
			defer client.CloseIdleConnections()
			counts := map[int]int64{}
			var pace <-chan time.Time
			if spec.Every > 0 {
				t := time.NewTicker(spec.Every)
				defer t.Stop()
				pace = t.C
			}
			for n := 0; ctx.Err() == nil; n++ {
				if pace != nil {
					select {
					case <-pace:
					case <-ctx.Done():
						continue
					}
				}
				authz := "Bearer sbt_" + spec.TokenID + "_" + randomText(32)
				if spec.Junk && n%2 == 1 {
					authz = randomText(20 + n%40) // junk, different every time
				}
				if status, err := get(ctx, client, spec.URL, authz); err == nil {
					counts[status]++
				}
			}
			mu.Lock()
			for k, v := range counts {
				total[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// AttackFromEnv runs the attack described by $SILKBRIDGE_AUTHBENCH_ATTACK
// and writes the status counts as JSON (the child side of runAttackChild).
func AttackFromEnv(ctx context.Context) error {
	var spec AttackSpec
	if err := json.Unmarshal([]byte(os.Getenv(AttackEnv)), &spec); err != nil {
		return fmt.Errorf("%s: %w", AttackEnv, err)
	}
	return json.NewEncoder(os.Stdout).Encode(Attack(ctx, spec))
}

func runAttackChild(ctx context.Context, command []string, spec AttackSpec) (map[int]int64, error) {
	raw, _ := json.Marshal(spec)
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = append(os.Environ(), AttackEnv+"="+string(raw))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("attack process: %w", err)
	}
	var counts map[int]int64
	if err := json.Unmarshal(out.Bytes(), &counts); err != nil {
		return nil, fmt.Errorf("attack process output %q: %w", out.String(), err)
	}
	return counts, nil
}
