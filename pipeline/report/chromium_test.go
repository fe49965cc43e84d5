package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// screenshotCopy is where TestReportInChromium leaves a copy of its
// screenshot for people to look at.
const screenshotCopy = "/tmp/report-screenshot.png"

func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not installed (Debian: apt-get install chromium; .ci/run does it)")
	return ""
}

// browse opens page in headless Chromium with every host unresolvable and a
// network log, and returns what the browser wrote to stdout and stderr.
func browse(t *testing.T, bin, page, netlog string, extra ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND",
		"--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--hide-scrollbars",
	}
	if netlog != "" {
		args = append(args, "--log-net-log="+netlog)
	}
	args = append(append(args, extra...), "file://"+page)
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, tail(errb.String(), 2000))
	}
	return out.String(), errb.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// consoleMessages returns the page's console output from Chromium's log
// (lines like `INFO:CONSOLE:12] "message", source: file:///...`).
func consoleMessages(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, ":CONSOLE") {
			out = append(out, l)
		}
	}
	return out
}

// pageRequests returns the URLs the page asked for, from a Chromium net log.
// The browser's own requests (update checks and the like, initiator "not an
// origin") are not the page's and are left out.
func pageRequests(t *testing.T, netlog string) []string {
	t.Helper()
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("no net log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	// A log cut short by the browser's exit lacks the closing "]}".
	if err := json.Unmarshal(b, &log); err != nil {
		s := strings.TrimRight(strings.TrimSpace(string(b)), ",")
		if err2 := json.Unmarshal([]byte(s+"]}"), &log); err2 != nil {
			t.Fatalf("net log: %v", err)
		}
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("net log has no URL_REQUEST_START_JOB event type")
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type != start || e.Params.URL == "" || e.Params.Initiator == "not an origin" {
			continue
		}
		urls = append(urls, e.Params.URL)
	}
	return urls
}

var (
	okBody    = regexp.MustCompile(`<body[^>]*\bdata-ok="1"`)
	jobRow    = regexp.MustCompile(`<tr data-job="`)
	polygon   = regexp.MustCompile(`(?s)id="forces-all"><svg[^>]*role="img".*?<polygon`)
	forcesSVG = regexp.MustCompile(`<div class="forces"[^>]*><svg`)
)

// TestReportInChromium renders the demo report in headless Chromium and
// checks that the page draws the job table and the forces pictures with no
// script error, no console message and no network request, then saves a
// screenshot.
func TestReportInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	data, err := WriteFile(demoDir, page, "en", Options{})
	if err != nil {
		t.Fatal(err)
	}
	netlog := filepath.Join(dir, "net.json")
	dom, stderr := browse(t, bin, page, netlog, "--dump-dom")
	if !okBody.MatchString(dom) {
		t.Errorf("page did not finish drawing (no data-ok=\"1\" on body)")
	}
	if i := strings.Index(dom, `class="errors js-error"`); i >= 0 {
		t.Errorf("page reports a script error: %s", tail(dom[:min(len(dom), i+600)], 700))
	}
	if n := len(jobRow.FindAllString(dom, -1)); n != len(data.Jobs) || n == 0 {
		t.Errorf("job table has %d rows, want %d", n, len(data.Jobs))
	}
	if !polygon.MatchString(dom) {
		t.Error("no overall forces picture with arrows")
	}
	if n := len(forcesSVG.FindAllString(dom, -1)); n != len(data.Jobs)+1 {
		t.Errorf("%d forces pictures, want one per job plus the overall one (%d)", n, len(data.Jobs)+1)
	}
	if msgs := consoleMessages(stderr); len(msgs) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(msgs, "\n"))
	}
	if reqs := pageRequests(t, netlog); len(reqs) > 0 {
		t.Errorf("the page made network requests: %q", reqs)
	}

	shot := filepath.Join(dir, "report.png")
	browse(t, bin, page, "", "--window-size=1280,4400", "--screenshot="+shot)
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 20_000 {
		t.Fatalf("screenshot %s: %d bytes, err %v", shot, len(png), err)
	}
	if err := os.WriteFile(screenshotCopy, png, 0o644); err != nil {
		t.Logf("screenshot at %s (copy to %s failed: %v)", shot, screenshotCopy, err)
		return
	}
	t.Logf("screenshot: %s (%d bytes)", screenshotCopy, len(png))
}

// TestFiltersInChromium opens the demo report with filters in its link and
// counts the job rows left visible against the rule computed here.
func TestFiltersInChromium(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "report.html")
	data, err := WriteFile(demoDir, page, "nl", Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, hash string
		keep       func(j Job) bool
	}{
		{"search", "q=Excel", func(j Job) bool { return jobHas(j, "excel") }},
		{"language and search", "lang=nl&q=excel", func(j Job) bool { return j.Language == "nl" && jobHas(j, "excel") }},
		{"force", "force=habit", func(j Job) bool {
			if j.Habit > 0 {
				return true
			}
			for _, q := range j.Quotes {
				if q.Force == "habit" {
					return true
				}
			}
			return false
		}},
	}
	visible := regexp.MustCompile(`<tr data-job="[^"]*">`) // hidden rows carry hidden=""
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := 0
			for _, j := range data.Jobs {
				if tc.keep(j) {
					want++
				}
			}
			dom, _ := browse(t, bin, page+"#filter?"+tc.hash, "", "--dump-dom")
			got := len(visible.FindAllString(dom, -1))
			if got != want || want == 0 || want == len(data.Jobs) {
				t.Errorf("#filter?%s shows %d job rows, want %d of %d", tc.hash, got, want, len(data.Jobs))
			}
		})
	}
}

func jobHas(j Job, word string) bool {
	if strings.Contains(strings.ToLower(j.Statement), word) {
		return true
	}
	for _, q := range j.Quotes {
		if strings.Contains(strings.ToLower(q.Before+q.Match+q.After), word) {
			return true
		}
	}
	return false
}

// TestChromiumChecksCatchFaults shows that the checks above can fail: a page
// that loads a remote image, logs to the console and throws is caught by
// each of them.
func TestChromiumChecksCatchFaults(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "bad.html")
	bad := `<!DOCTYPE html><html><body><img src="http://example.invalid/x.png">` +
		`<script>console.error("boom"); undefinedFunction();</script></body></html>`
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	netlog := filepath.Join(dir, "net.json")
	dom, stderr := browse(t, bin, page, netlog, "--dump-dom")
	if okBody.MatchString(dom) {
		t.Error("data-ok check passed on a page that never set it")
	}
	if msgs := consoleMessages(stderr); len(msgs) < 2 {
		t.Errorf("console check found %d messages, want the console.error and the uncaught error", len(msgs))
	}
	reqs := pageRequests(t, netlog)
	if len(reqs) != 1 || !strings.Contains(reqs[0], "example.invalid") {
		t.Errorf("request check found %q, want the remote image", reqs)
	}
}
