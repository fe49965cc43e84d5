package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"jobminer/pipeline/record"
)

// A Slack workspace export is a folder (or a .zip of it) holding
// users.json, channels.json and one folder per channel with one JSON array
// of messages per day (<channel>/YYYY-MM-DD.json). Walk turns the folder
// into ONE Input (Read sees a directory); the zip is one file. Rules,
// decided here:
//   - One Document per channel per day file, Channel chat, RecordID
//     "<channel>/<day>", Source.File "<export>/<channel>/<day>.json".
//   - A message with type "message" and no subtype, or subtype
//     thread_broadcast or file_share, with text, is one utterance;
//     channel_join/leave, bot_message, bot_add, tombstone, file_comment and
//     all other subtypes are not speech and are skipped without a Reject.
//   - Thread replies follow their parent, in time order, in the parent's
//     day document, even when they were posted on a later day (their Line
//     is then 0: it would point into another file). Replies whose parent
//     is not in the export stay in their own day at their own time.
//   - Speakers are users.json names (real name, else display name, else
//     user name, else the id); <@U123> mentions are resolved the same way,
//     links keep their label. Roles are unknown unless
//     --customer/--agent/--interviewer name the speaker. Time is ts (UTC).
//   - A day file that is not valid JSON is a Reject at its line; the rest
//     of the export is read.

// slackFS lists and opens the files of an export, by slash-separated
// names relative to the export root.
type slackFS interface {
	names() []string
	open(name string) (io.ReadCloser, error)
}

var slackDayRe = regexp.MustCompile(`^([^/]+)/(\d{4}-\d{2}-\d{2})\.json$`)

type slackDirFS struct {
	root  string
	files []string
}

func (d *slackDirFS) names() []string { return d.files }
func (d *slackDirFS) open(name string) (io.ReadCloser, error) {
	return os.Open(filepath.Join(d.root, filepath.FromSlash(name)))
}

// newSlackDirFS lists the regular files under root, skipping hidden ones.
func newSlackDirFS(root string) (*slackDirFS, error) {
	d := &slackDirFS{root: root}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			d.files = append(d.files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(d.files)
	return d, err
}

type slackZipFS struct {
	z      *zipArchive
	prefix string
	files  []string
	byName map[string]int
}

func (s *slackZipFS) names() []string { return s.files }
func (s *slackZipFS) open(name string) (io.ReadCloser, error) {
	i, ok := s.byName[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return s.z.open(s.z.File[i])
}

// newSlackZipFS finds the export inside the archive: the folder holding
// the shallowest users.json (exports are sometimes zipped with their folder).
func newSlackZipFS(z *zipArchive) *slackZipFS {
	s := &slackZipFS{z: z, byName: map[string]int{}}
	best := -1
	for _, f := range z.File {
		if path.Base(f.Name) == "users.json" {
			if d := strings.Count(f.Name, "/"); best < 0 || d < best {
				best, s.prefix = d, strings.TrimSuffix(f.Name, "users.json")
			}
		}
	}
	for i, f := range z.File {
		if strings.HasSuffix(f.Name, "/") || !strings.HasPrefix(f.Name, s.prefix) {
			continue
		}
		name := strings.TrimPrefix(f.Name, s.prefix)
		if _, dup := s.byName[name]; !dup {
			s.byName[name] = i
			s.files = append(s.files, name)
		}
	}
	sort.Strings(s.files)
	return s
}

// isSlackExport reports whether dir is a Slack export folder.
func isSlackExport(dir string) bool {
	for _, n := range []string{"users.json", "channels.json"} {
		if fi, err := os.Stat(filepath.Join(dir, n)); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// slackExportSize is the total size of the files in an export folder.
func slackExportSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// readSlackDir reads an export folder. Its Stats hash every file's name
// and bytes in name order.
func readSlackDir(in Input, opts Options, emit func(Item)) (Stats, error) {
	st := Stats{Format: "slack"}
	d, err := newSlackDirFS(in.Path)
	if err != nil {
		return st, err
	}
	h := sha256.New()
	for _, name := range d.files {
		f, err := d.open(name)
		if err != nil {
			return st, err
		}
		io.WriteString(h, name+"\x00")
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return st, err
		}
		st.Bytes += n
	}
	st.SHA256 = hex.EncodeToString(h.Sum(nil))
	emit, done := noticeNothing(in, emit)
	err = readSlackExport(d, in, opts, emit)
	f, _ := Lookup("slack")
	done(f, err)
	return st, err
}

// readSlack reads a zipped export (the Formats entry for .zip).
func readSlack(r io.Reader, in Input, opts Options, emit func(Item)) error {
	z, err := openZip(r, slackLimits, opts.TempDir)
	if err != nil {
		if errors.Is(err, errZipLimit) || strings.HasPrefix(err.Error(), "not a readable zip") {
			emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: 1}, Reason: "not a readable Slack export: " + err.Error()}})
			return nil
		}
		return err
	}
	defer z.close()
	sfs := newSlackZipFS(z)
	if _, ok := sfs.byName["users.json"]; !ok {
		emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: 1},
			Reason: "not a Slack export: the archive has no users.json (other .zip files are not read)"}})
		return nil
	}
	return readSlackExport(sfs, in, opts, emit)
}

// slackMsg is the part of a Slack message that is read.
type slackMsg struct {
	Type     string `json:"type"`
	Subtype  string `json:"subtype"`
	User     string `json:"user"`
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts"`
}

// speech reports whether the message is an utterance (see the rules).
func (m *slackMsg) speech() bool {
	if m.Type != "message" || strings.TrimSpace(m.Text) == "" {
		return false
	}
	switch m.Subtype {
	case "", "thread_broadcast", "file_share":
		return true
	}
	return false
}

func (m *slackMsg) reply() bool { return m.ThreadTS != "" && m.ThreadTS != m.TS }

// slackItem is a message placed in a day document.
type slackItem struct {
	ts, thread string // thread is the parent's ts for a reply, else ""
	u          record.Utterance
}

func readSlackExport(sfs slackFS, in Input, opts Options, emit func(Item)) error {
	var rejects []record.Reject
	reject := func(file string, line int, reason string) {
		if file != "" {
			file = in.Rel + "/" + file
		} else {
			file = in.Rel
		}
		rejects = append(rejects, record.Reject{Source: record.Source{File: file, Line: line}, Reason: reason})
	}
	flushRejects := func() {
		for i := range rejects {
			emit(Item{Reject: &rejects[i]})
		}
		rejects = nil
	}
	users, err := slackUsers(sfs)
	if err != nil {
		var ioErr *fs.PathError
		if errors.As(err, &ioErr) && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		reject("users.json", 1, "users cannot be read ("+err.Error()+"); speakers are shown by id")
	}
	if users == nil {
		users = map[string]string{}
	}
	names := newSpeakerRoles(opts)

	// Day files by channel, in name (= date) order.
	type day struct{ name, channel, date string }
	var days []day
	for _, n := range sfs.names() {
		if m := slackDayRe.FindStringSubmatch(n); m != nil && !strings.HasPrefix(m[1], ".") {
			days = append(days, day{n, m[1], m[2]})
		}
	}
	if len(days) == 0 {
		reject("", 1, "a Slack export without channel day files (<channel>/YYYY-MM-DD.json)")
		flushRejects()
		return nil
	}

	for start := 0; start < len(days); {
		end := start
		for end < len(days) && days[end].channel == days[start].channel {
			end++
		}
		chDays := days[start:end]
		start = end

		// Pass 1: where thread parents are, and the replies posted on a
		// later day than their parent.
		parentDay := map[string]int{}
		moved := map[int][]slackItem{}
		for i, d := range chDays {
			slackMessages(sfs, d.name, nil, func(m *slackMsg, line int) {
				if !m.reply() {
					parentDay[m.TS] = i
					return
				}
				if p, ok := parentDay[m.ThreadTS]; ok && p != i && m.speech() {
					it := slackUtterance(m, 0, users, names)
					moved[p] = append(moved[p], it)
				}
			})
		}
		// Pass 2: one document per day.
		for i, d := range chDays {
			items := moved[i]
			err := slackMessages(sfs, d.name, reject, func(m *slackMsg, line int) {
				if !m.speech() {
					return
				}
				if m.reply() {
					if p, ok := parentDay[m.ThreadTS]; ok && p != i {
						return // placed with its parent
					}
				}
				items = append(items, slackUtterance(m, line, users, names))
			})
			if err != nil {
				return err
			}
			doc := &record.Document{
				Source:  record.Source{File: in.Rel + "/" + d.name, Line: 1, RecordID: d.channel + "/" + d.date},
				Format:  "slack",
				Channel: record.Chat,
			}
			for _, it := range slackOrder(items) {
				u := it.u
				if !u.Time.IsZero() {
					if doc.CreatedAt.IsZero() || u.Time.Before(doc.CreatedAt) {
						doc.CreatedAt = u.Time
					}
					if u.Time.After(doc.UpdatedAt) {
						doc.UpdatedAt = u.Time
					}
				}
				doc.Utterances = append(doc.Utterances, u)
			}
			if len(doc.Utterances) > 0 && doc.Utterances[0].Line > 0 {
				doc.Source.Line = doc.Utterances[0].Line
			}
			emitAll(emit, doc, nil)
			flushRejects()
		}
	}
	flushRejects()
	return nil
}

// slackOrder puts top-level messages in time order, each followed by its
// replies in time order. A reply whose parent is not here counts as top
// level.
func slackOrder(items []slackItem) []slackItem {
	sort.SliceStable(items, func(i, j int) bool { return tsLess(items[i].ts, items[j].ts) })
	here := map[string]bool{}
	for _, it := range items {
		if it.thread == "" {
			here[it.ts] = true
		}
	}
	replies := map[string][]slackItem{}
	var out []slackItem
	var tops []slackItem
	for _, it := range items {
		if it.thread != "" && here[it.thread] {
			replies[it.thread] = append(replies[it.thread], it)
		} else {
			tops = append(tops, it)
		}
	}
	for _, t := range tops {
		out = append(out, t)
		if t.thread == "" {
			out = append(out, replies[t.ts]...)
		}
	}
	return out
}

// tsLess orders Slack timestamps ("1452845865.000008") numerically.
func tsLess(a, b string) bool {
	ai, af, _ := strings.Cut(a, ".")
	bi, bf, _ := strings.Cut(b, ".")
	if len(ai) != len(bi) {
		return len(ai) < len(bi)
	}
	if ai != bi {
		return ai < bi
	}
	return af < bf
}

func slackTime(ts string) time.Time {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || s <= 0 || s > 1<<40 {
		return time.Time{}
	}
	var ns int64
	if frac != "" && isDigits(frac) && len(frac) <= 9 {
		ns, _ = strconv.ParseInt((frac + "000000000")[:9], 10, 64)
	}
	return time.Unix(s, ns).UTC()
}

func slackUtterance(m *slackMsg, line int, users map[string]string, names speakerRoles) slackItem {
	speaker := users[m.User]
	if speaker == "" {
		speaker = clean(m.User)
	}
	it := slackItem{ts: m.TS, u: record.Utterance{
		Line:    line,
		Speaker: speaker,
		Role:    names.role(speaker, func(string) record.Role { return record.Unknown }),
		Time:    slackTime(m.TS),
		Text:    slackText(m.Text, users),
	}}
	if m.reply() {
		it.thread = m.ThreadTS
	}
	return it
}

var slackMarkupRe = regexp.MustCompile(`<([^<>]*)>`)

// slackText resolves Slack markup: <@U1> -> @Name, <#C1|name> -> #name,
// <!here> -> @here, <url|label> -> label, <url> -> url; &amp; &lt; &gt;
// are decoded.
func slackText(s string, users map[string]string) string {
	s = slackMarkupRe.ReplaceAllStringFunc(clean(s), func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if n := users[target[1:]]; n != "" {
				return "@" + n
			}
			if hasLabel {
				return "@" + label
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel {
				return label
			}
			return "@" + strings.TrimPrefix(target, "!")
		case hasLabel:
			return label
		}
		return target
	})
	return strings.TrimSpace(dropSlackQuotes(html.UnescapeString(s)))
}

// dropSlackQuotes removes the lines a message quotes ("> what you said"):
// they are another person's words, as quoted lines in an e-mail reply. A
// message that is nothing but a quote keeps it, so it is not lost.
func dropSlackQuotes(s string) string {
	if !strings.Contains(s, ">") {
		return s
	}
	lines := strings.Split(s, "\n")
	kept := dropQuoted(lines)
	if len(kept) == len(lines) || !hasContent(kept) {
		return s
	}
	return strings.Join(kept, "\n")
}

// slackUsers maps user ids to display names from users.json.
func slackUsers(sfs slackFS) (map[string]string, error) {
	f, err := sfs.open("users.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var list []struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		RealName string `json:"real_name"`
		Profile  struct {
			RealName    string `json:"real_name"`
			DisplayName string `json:"display_name"`
		} `json:"profile"`
	}
	if err := json.NewDecoder(f).Decode(&list); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(list))
	for _, u := range list {
		for _, n := range []string{u.RealName, u.Profile.RealName, u.Profile.DisplayName, u.Name} {
			if n = strings.TrimSpace(clean(n)); n != "" {
				m[u.ID] = n
				break
			}
		}
	}
	return m, nil
}

// slackMessages streams the messages of one day file with their lines.
// JSON problems go to reject (nil: ignore them); only I/O errors return.
func slackMessages(sfs slackFS, name string, reject func(file string, line int, reason string), fn func(m *slackMsg, line int)) error {
	if reject == nil {
		reject = func(string, int, string) {}
	}
	f, err := sfs.open(name)
	if err != nil {
		if errors.Is(err, errZipLimit) {
			reject(name, 1, err.Error())
			return nil
		}
		return err
	}
	defer f.Close()
	lc := &lineCounter{r: f}
	dec := json.NewDecoder(bufio.NewReader(lc))
	bad := func(err error) error {
		if errors.Is(err, errZipLimit) {
			reject(name, 1, err.Error())
			return nil
		}
		if !isSyntax(err) {
			return err
		}
		reject(name, lc.lineAt(nextValueOffset(dec)), fmt.Sprintf("invalid JSON: %v; the rest of the file is skipped", err))
		return nil
	}
	if t, err := dec.Token(); err != nil {
		if err == io.EOF {
			return nil
		}
		return bad(err)
	} else if t != json.Delim('[') {
		reject(name, 1, "a Slack day file must hold a JSON array of messages")
		return nil
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return bad(err)
		}
		line := lc.lineAt(dec.InputOffset() - int64(len(raw)))
		var m slackMsg
		if err := json.Unmarshal(raw, &m); err != nil {
			if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
				reject(name, line, "a message must be a JSON object")
			} else {
				reject(name, line, "message fields of the wrong type: "+err.Error())
			}
			continue
		}
		fn(&m, line)
	}
	if _, err := dec.Token(); err != nil {
		return bad(err)
	}
	return nil
}

// detectSlack wants a .zip name and a zip signature: the reader checks
// that the archive is a Slack export.
func detectSlack(name string, head []byte) bool {
	return extOf(name) == ".zip" && bytes.HasPrefix(head, []byte("PK\x03\x04"))
}
