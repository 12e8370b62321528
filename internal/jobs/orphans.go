package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// River rescues a job left "running" by a vanished worker only after
// RescueStuckJobsAfter, which must exceed the longest job (hours, for a
// feature-length encode). A server killed with -9 and restarted should not
// wait that long for its own jobs, so each queue client is named after its
// host and process id, and at start the jobs last taken by a process of
// this host that no longer exists are made available again at once.

const clientIDPrefix = "silkbridge."

// newClientID names this process's queue client: host, pid, start time.
func newClientID() string {
	return fmt.Sprintf("%s%s.%d.%d", clientIDPrefix, hostname(), os.Getpid(), time.Now().UnixNano())
}

func hostname() string {
	h, _ := os.Hostname()
	// Dots separate the ID's parts.
	return strings.NewReplacer(".", "_", " ", "_").Replace(h)
}

// clientPID returns the pid in a client ID made by newClientID on host.
func clientPID(id, host string) (int, bool) {
	rest, ok := strings.CutPrefix(id, clientIDPrefix+host+".")
	if !ok {
		return 0, false
	}
	pidText, _, ok := strings.Cut(rest, ".")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(pidText)
	return pid, err == nil && pid > 0
}

// rescueOrphans makes running jobs whose last worker was a process of this
// host that has exited available again (or discards them when their
// attempts are spent, as River's own rescuer does).
func (q *Queue) rescueOrphans(ctx context.Context) (int, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateRunning).First(10000))
	if err != nil {
		return 0, err
	}
	host, now := hostname(), time.Now().UTC()
	p := &riverdriver.JobRescueManyParams{StuckHorizon: now.Add(time.Minute)}
	for _, job := range res.Jobs {
		if len(job.AttemptedBy) == 0 {
			continue
		}
		last := job.AttemptedBy[len(job.AttemptedBy)-1]
		pid, ok := clientPID(last, host)
		if !ok || last == q.client.ID() || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		e, _ := json.Marshal(rivertype.AttemptError{At: now, Attempt: job.Attempt,
			Error: "the server working this job stopped (process " + strconv.Itoa(pid) + " exited)"})
		state, finalized := rivertype.JobStateAvailable, (*time.Time)(nil)
		if job.Attempt >= job.MaxAttempts {
			state, finalized = rivertype.JobStateDiscarded, &now
		}
		p.ID = append(p.ID, job.ID)
		p.Error = append(p.Error, e)
		p.FinalizedAt = append(p.FinalizedAt, finalized)
		p.ScheduledAt = append(p.ScheduledAt, now)
		p.State = append(p.State, string(state))
	}
	if len(p.ID) == 0 {
		return 0, nil
	}
	if _, err := q.client.Driver().GetExecutor().JobRescueMany(ctx, p); err != nil {
		return 0, fmt.Errorf("rescuing jobs of exited processes: %w", err)
	}
	return len(p.ID), nil
}
