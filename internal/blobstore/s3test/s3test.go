// Package s3test starts a real S3-compatible server (versitygw with its
// POSIX backend) on loopback for tests of the S3 storage path.
package s3test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Env names the variable pointing at the versitygw binary when it is not on PATH.
const Env = "SILKBRIDGE_VERSITYGW"

// Access and secret keys of the test server.
const (
	AccessKey = "silkbridge-test"
	SecretKey = "silkbridge-test-secret"
)

// Server is a running S3 server with one bucket.
type Server struct {
	Endpoint string
	Bucket   string
}

// URL is the blob URL of the server's bucket; set AWS credentials with Env.
func (s *Server) URL() string {
	return fmt.Sprintf("s3://%s?endpoint=%s&region=us-east-1&use_path_style=true", s.Bucket, s.Endpoint)
}

// Start runs versitygw in a temporary directory until the test ends, creates
// a bucket and sets the AWS credential variables for the test. It skips
// when versitygw is absent (and fails under SILKBRIDGE_REQUIRE_ALL=1).
func Start(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv(Env)
	if bin == "" {
		if p, err := exec.LookPath("versitygw"); err == nil {
			bin = p
		}
	}
	if bin == "" {
		reason := "S3 tests need versitygw on PATH or in " + Env +
			" (GOBIN=<dir> go install github.com/versity/versitygw/cmd/versitygw@v1.8.0); .ci/run installs it"
		if os.Getenv("SILKBRIDGE_REQUIRE_ALL") == "1" {
			t.Fatal(reason + " (SILKBRIDGE_REQUIRE_ALL=1)")
		}
		t.Skip(reason)
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o750); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(bin, "--access", AccessKey, "--secret", SecretKey, "--port", addr, "posix", data)
	log, _ := os.Create(filepath.Join(dir, "versitygw.log"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start versitygw: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		log.Close()
	})
	t.Setenv("AWS_ACCESS_KEY_ID", AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", SecretKey)
	t.Setenv("AWS_REGION", "us-east-1")
	s := &Server{Endpoint: "http://" + addr, Bucket: fmt.Sprintf("test-%d", time.Now().UnixNano())}
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(s.Endpoint)
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "versitygw.log"))
			t.Fatalf("versitygw did not answer on %s: %v\n%s", addr, err, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	client := s.Client(t)
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(s.Bucket)}); err != nil {
		t.Fatalf("create bucket: %v", err)
	}
	return s
}

// Client returns an S3 client for the server (for assertions on objects).
func (s *Server) Client(t testing.TB) *s3.Client {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, "")))
	if err != nil {
		t.Fatal(err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.Endpoint)
		o.UsePathStyle = true
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
}

// Keys lists the objects in the bucket under prefix.
func (s *Server) Keys(t testing.TB, prefix string) []string {
	out, err := s.Client(t).ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(s.Bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
