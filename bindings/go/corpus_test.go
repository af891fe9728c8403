package eml

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The agreement tests compare the binding with the eml tool's JSON output
// (build/eml json) over the corpus of real messages in ../shared/corpus
// (EML_CORPUS overrides it, EML_TOOL the tool), and skip when it is absent.

type jsonAddr struct {
	Name    *string `json:"name"`
	Address string  `json:"address"`
	Group   *string `json:"group"`
}

type jsonPart struct {
	Type     string       `json:"type"`
	Filename *string      `json:"filename"`
	Size     *int         `json:"size"`
	Parts    []jsonPart   `json:"parts"`
	Message  *jsonMessage `json:"message"`
}

type jsonMessage struct {
	Source  string     `json:"source"`
	Offset  int        `json:"offset"`
	Subject *string    `json:"subject"`
	From    []jsonAddr `json:"from"`
	To      []jsonAddr `json:"to"`
	Body    jsonPart   `json:"body"`
}

// flatten lists the parts in the order of Walk: a part, its children, then
// the root of its embedded message.
func (p *jsonPart) flatten(out []*jsonPart) []*jsonPart {
	out = append(out, p)
	for i := range p.Parts {
		out = p.Parts[i].flatten(out)
	}
	if p.Message != nil {
		out = p.Message.Body.flatten(out)
	}
	return out
}

func repoPath(env, rel string) string {
	if v := os.Getenv(env); v != "" {
		return v
	}
	p, _ := filepath.Abs(rel)
	return p
}

func corpusAndTool(t *testing.T) (corpus, tool string) {
	corpus = repoPath("EML_CORPUS", "../../../shared/corpus")
	if st, err := os.Stat(corpus); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s", corpus)
	}
	tool = repoPath("EML_TOOL", "../../build/eml")
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("eml tool not built at %s", tool)
	}
	return corpus, tool
}

func toolJSON(t *testing.T, tool string, args ...string) []jsonMessage {
	t.Helper()
	cmd := exec.Command(tool, append([]string{"json", "-q"}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	var msgs []jsonMessage
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<30)
	for sc.Scan() {
		var m jsonMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad JSON line: %v", err)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

func addrsString(as []Address) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "[%s|%s|%s]", a.Name, a.Address, a.Group)
	}
	return b.String()
}

func jsonAddrsString(as []jsonAddr) string {
	var b strings.Builder
	for _, a := range as {
		name, group := "", ""
		if a.Name != nil {
			name = *a.Name
		}
		if a.Group != nil {
			group = *a.Group
		}
		fmt.Fprintf(&b, "[%s|%s|%s]", name, a.Address, group)
	}
	return b.String()
}

// compare checks one message against the tool's object for it.
func compare(m *Message, want *jsonMessage) []string {
	var diffs []string
	wantSubject := ""
	if want.Subject != nil {
		wantSubject = *want.Subject
	}
	if got := m.Subject(); got != wantSubject {
		diffs = append(diffs, fmt.Sprintf("subject %q, tool %q", got, wantSubject))
	}
	if got, w := addrsString(m.From()), jsonAddrsString(want.From); got != w {
		diffs = append(diffs, fmt.Sprintf("from %s, tool %s", got, w))
	}
	if got, w := addrsString(m.To()), jsonAddrsString(want.To); got != w {
		diffs = append(diffs, fmt.Sprintf("to %s, tool %s", got, w))
	}
	parts := want.Body.flatten(nil)
	if m.PartCount() != len(parts) {
		diffs = append(diffs, fmt.Sprintf("%d parts, tool %d", m.PartCount(), len(parts)))
		return diffs
	}
	// The position of each part in the walk, to find the tool's object
	// for an attachment.
	index := map[uintptr]int{}
	i := 0
	m.Walk(func(p *Part, _ int) error {
		index[p.id()] = i
		if p.ContentType() != parts[i].Type {
			diffs = append(diffs, fmt.Sprintf("part %d is %s, tool %s", i, p.ContentType(), parts[i].Type))
		}
		i++
		return nil
	})
	atts, err := m.Attachments()
	if err != nil {
		return append(diffs, "attachments: "+err.Error())
	}
	for _, a := range atts {
		j, ok := index[a.Part.id()]
		if !ok {
			diffs = append(diffs, "attachment not found in the walk")
			continue
		}
		if w := parts[j]; w.Message != nil {
			// An attached message is no leaf for the tool, which gives no
			// size for it; its content is its body as it stands.
			if a.Size != len(a.Part.BodyView()) {
				diffs = append(diffs, fmt.Sprintf("attached message %q: %d bytes, body %d", a.Filename, a.Size, len(a.Part.BodyView())))
			}
		} else if w.Size == nil || *w.Size != a.Size || len(a.Content) != a.Size {
			diffs = append(diffs, fmt.Sprintf("attachment %q: %d bytes, tool %v", a.Filename, a.Size, w.Size))
		}
		wantName := ""
		if parts[j].Filename != nil {
			wantName = *parts[j].Filename
		}
		if a.Filename != wantName {
			diffs = append(diffs, fmt.Sprintf("attachment %q, tool %q", a.Filename, wantName))
		}
	}
	return diffs
}

func TestCorpusAgreesWithTool(t *testing.T) {
	corpus, tool := corpusAndTool(t)
	msgs := toolJSON(t, tool, "--mbox", "no", corpus)
	if len(msgs) < 300 {
		t.Fatalf("only %d messages from the tool", len(msgs))
	}
	bad, attachments := 0, 0
	for i := range msgs {
		want := &msgs[i]
		data, err := os.ReadFile(want.Source)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", want.Source, err)
		}
		if diffs := compare(m, want); len(diffs) > 0 {
			bad++
			t.Errorf("%s: %s", want.Source, strings.Join(diffs, "; "))
		}
		a, _ := m.Attachments()
		attachments += len(a)
		m.Close()
	}
	t.Logf("%d messages, %d attachments, %d disagree", len(msgs), attachments, bad)
	if attachments < 50 {
		t.Errorf("only %d attachments in the corpus", attachments)
	}
}

func TestCorpusMboxesAgreeWithTool(t *testing.T) {
	corpus, tool := corpusAndTool(t)
	boxes, messages := 0, 0
	filepath.Walk(corpus, func(path string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() || strings.HasSuffix(strings.ToLower(path), ".eml") {
			return nil
		}
		head := make([]byte, 5)
		f, err := os.Open(path)
		if err != nil {
			return nil
		}
		n, _ := f.Read(head)
		f.Close()
		if n < 5 || string(head) != "From " {
			return nil
		}
		want := toolJSON(t, tool, "--mbox", "auto", path)
		box, err := OpenMbox(path)
		if err != nil {
			t.Fatal(err)
		}
		defer box.Close()
		k := 0
		for box.Next() {
			m, err := box.Message()
			if err != nil {
				t.Fatal(err)
			}
			if k < len(want) {
				if box.Offset()+m.Root().Offset() != want[k].Offset {
					t.Errorf("%s message %d: offset %d, tool %d", path, k, box.Offset(), want[k].Offset)
				}
				if diffs := compare(m, &want[k]); len(diffs) > 0 {
					t.Errorf("%s message %d: %s", path, k, strings.Join(diffs, "; "))
				}
			}
			m.Close()
			k++
		}
		if err := box.Err(); err != nil {
			t.Fatal(err)
		}
		if k != len(want) {
			t.Errorf("%s: %d messages, tool %d", path, k, len(want))
		}
		boxes++
		messages += k
		return nil
	})
	t.Logf("%d mailboxes, %d messages", boxes, messages)
	if boxes == 0 {
		t.Error("no mailbox in the corpus")
	}
}
