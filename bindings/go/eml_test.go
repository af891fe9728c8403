package eml

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const sample = "From: =?utf-8?q?Andr=C3=A9?= <andre@example.org>\r\n" +
	"To: bob@example.com, \"Carol C\" <carol@example.com>\r\n" +
	"Cc: team: dave@example.com;\r\n" +
	"Subject: =?utf-8?b?SGVsbG8g4pyT?= there\r\n" +
	"Date: Tue, 01 Mar 2022 10:20:30 +0100\r\n" +
	"Message-ID: <abc.123@example.org>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=outer\r\n" +
	"\r\n" +
	"preamble\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/related; boundary=rel\r\n" +
	"\r\n" +
	"--rel\r\n" +
	"Content-Type: multipart/alternative; boundary=alt\r\n" +
	"\r\n" +
	"--alt\r\n" +
	"Content-Type: text/plain; charset=iso-8859-1\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Caf=E9 au lait\r\n" +
	"--alt\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"\r\n" +
	"<p>Caf\xc3\xa9 <img src=\"cid:logo@x\"></p>\r\n" +
	"--alt--\r\n" +
	"--rel\r\n" +
	"Content-Type: image/png\r\n" +
	"Content-ID: <logo@x>\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"iVBORw0KGgo=\r\n" +
	"--rel--\r\n" +
	"--outer\r\n" +
	"Content-Type: application/pdf; name=\"report.pdf\"\r\n" +
	"Content-Disposition: attachment; filename=\"report.pdf\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"JVBERi0xLjQK\r\n" +
	"--outer--\r\n"

func parse(t *testing.T, s string) *Message {
	t.Helper()
	m, err := Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func TestHeaderView(t *testing.T) {
	m := parse(t, sample)
	if got := m.Subject(); got != "Hello ✓ there" {
		t.Errorf("Subject = %q", got)
	}
	if got := m.From(); len(got) != 1 || got[0] != (Address{Name: "André", Address: "andre@example.org"}) {
		t.Errorf("From = %+v", got)
	}
	to := m.To()
	if len(to) != 2 || to[0].Address != "bob@example.com" || to[0].Name != "" ||
		to[1] != (Address{Name: "Carol C", Address: "carol@example.com"}) {
		t.Errorf("To = %+v", to)
	}
	if cc := m.Cc(); len(cc) != 1 || cc[0].Group != "team" || cc[0].Address != "dave@example.com" {
		t.Errorf("Cc = %+v", cc)
	}
	d, ok := m.Date()
	if !ok || !d.Equal(time.Date(2022, 3, 1, 9, 20, 30, 0, time.UTC)) {
		t.Errorf("Date = %v %v", d, ok)
	}
	if _, off := d.Zone(); off != 3600 {
		t.Errorf("zone offset %d", off)
	}
	if got := m.MessageID(); got != "abc.123@example.org" {
		t.Errorf("MessageID = %q", got)
	}
	h := m.Headers()
	if len(h) != 8 || h[0].Name != "From" || h[3].Value != "=?utf-8?b?SGVsbG8g4pyT?= there" {
		t.Errorf("Headers = %+v", h)
	}
	if v, ok := m.Header("SUBJECT"); !ok || v != "Hello ✓ there" {
		t.Errorf("Header = %q %v", v, ok)
	}
	if _, ok := m.Header("X-None"); ok {
		t.Error("Header(X-None) found")
	}
}

func TestBodies(t *testing.T) {
	m := parse(t, sample)
	text, ok := m.Text()
	if !ok || text != "Café au lait" && text != "Café au lait\r\n" {
		t.Errorf("Text = %q %v", text, ok)
	}
	html, ok := m.HTML()
	if !ok || !strings.Contains(html, "<p>Café") {
		t.Errorf("HTML = %q %v", html, ok)
	}
	if m.Root().TextPart().ContentType() != "text/plain" || m.Root().HTMLPart().ContentType() != "text/html" {
		t.Error("best parts")
	}
	// Without a text/plain part the HTML is rendered as text.
	h := parse(t, "Content-Type: text/html\r\n\r\n<p>a &amp; b</p>")
	if s, ok := h.Text(); !ok || strings.TrimSpace(s) != "a & b" {
		t.Errorf("Text from HTML = %q %v", s, ok)
	}
	if _, ok := h.Root().TextPart(), false; ok {
		t.Error()
	}
	none := parse(t, "Content-Type: image/gif\r\n\r\nGIF")
	if _, ok := none.Text(); ok {
		t.Error("Text of an image")
	}
}

func TestAttachments(t *testing.T) {
	m := parse(t, sample)
	att, err := m.Attachments()
	if err != nil || len(att) != 1 {
		t.Fatalf("Attachments = %+v %v", att, err)
	}
	a := att[0]
	if a.Filename != "report.pdf" || a.ContentType != "application/pdf" || a.Inline ||
		a.Size != 9 || string(a.Content) != "%PDF-1.4\n" {
		t.Errorf("attachment %+v", a)
	}
	in, err := m.InlineParts()
	if err != nil {
		t.Fatal(err)
	}
	var png *Attachment
	for i := range in {
		if in[i].ContentType == "image/png" {
			png = &in[i]
		}
	}
	if png == nil || !png.Inline || png.ContentID != "logo@x" || !bytes.HasPrefix(png.Content, []byte("\x89PNG")) {
		t.Fatalf("inline parts %+v", in)
	}
	p := m.PartByCID("cid:logo@x")
	if p == nil || p.ContentType() != "image/png" {
		t.Fatalf("PartByCID = %v", p)
	}
	if m.PartByCID("<logo@x>") == nil || m.PartByCID("nothing") != nil {
		t.Error("PartByCID forms")
	}
	if n, err := p.DecodedSize(); err != nil || n != 8 {
		t.Errorf("DecodedSize = %d %v", n, err)
	}
	// Copies outlive the message.
	m.Close()
	if string(a.Content) != "%PDF-1.4\n" {
		t.Error("content lost after Close")
	}
}

func TestWalk(t *testing.T) {
	m := parse(t, sample)
	var got []string
	err := m.Walk(func(p *Part, depth int) error {
		got = append(got, strings.Repeat(" ", depth)+p.ContentType())
		return nil
	})
	want := []string{"multipart/mixed", " multipart/related", "  multipart/alternative",
		"   text/plain", "   text/html", "  image/png", " application/pdf"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Walk = %q %v", got, err)
	}
	if m.PartCount() != len(want) {
		t.Errorf("PartCount = %d", m.PartCount())
	}
	stop := errors.New("stop")
	n := 0
	if err := m.Walk(func(*Part, int) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("stopped walk: %v %d", err, n)
	}
	root := m.Root()
	if len(root.Children()) != 2 || root.Children()[1].Parent().ContentType() != "multipart/mixed" {
		t.Error("Children/Parent")
	}
}

func TestEmbedded(t *testing.T) {
	m := parse(t, "Subject: outer\r\nContent-Type: message/rfc822\r\n\r\n"+
		"Subject: inner\r\nFrom: x@y.z\r\n\r\nhi\r\n")
	e := m.Root().Embedded()
	if e == nil || e.Subject() != "inner" || e.From()[0].Address != "x@y.z" {
		t.Fatalf("embedded %v", e)
	}
	depths := []int{}
	m.Walk(func(p *Part, d int) error { depths = append(depths, d); return nil })
	if len(depths) != 2 || depths[1] != 1 {
		t.Errorf("depths %v", depths)
	}
}

func TestDefects(t *testing.T) {
	m := parse(t, "Subject: x\nContent-Type: multipart/mixed\n\nbody")
	ds := m.Defects()
	found := false
	for _, d := range ds {
		if d.Name == "MULTIPART_NO_BOUNDARY" && d.Description != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("defects %+v", ds)
	}
	if len(parse(t, "Subject: x\r\n\r\nok\r\n").Defects()) != 0 {
		t.Error("defects in a clean message")
	}
}

func TestViewsAndCopies(t *testing.T) {
	in := []byte("Subject: s\r\n\r\nbody bytes")
	m, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	in[0] = 'X' // Parse copied the input
	if m.Subject() != "s" || string(m.RawView()[:7]) != "Subject" {
		t.Error("input not copied")
	}
	if v := m.Root().BodyView(); string(v) != "body bytes" {
		t.Errorf("BodyView %q", v)
	}
	d, _ := m.Root().Decoded()
	m.Close()
	m.Close() // idempotent
	if string(d) != "body bytes" {
		t.Error("Decoded copy changed")
	}
	if m.Subject() != "" || m.Root() != nil || m.PartCount() != 0 {
		t.Error("closed message still answers")
	}
	if _, err := m.Attachments(); err != ErrClosed {
		t.Errorf("Attachments after Close: %v", err)
	}
	// Empty input is a message too.
	e := parse(t, "")
	if e.PartCount() != 1 || e.Subject() != "" {
		t.Error("empty message")
	}
}

func TestFinalizer(t *testing.T) {
	before := atomic.LoadInt64(&openMessages)
	for i := 0; i < 2000; i++ {
		m, err := Parse([]byte(sample))
		if err != nil {
			t.Fatal(err)
		}
		// A part keeps its message alive; dropping both lets it go.
		p := m.Root().Children()[0]
		_ = p.ContentType()
	}
	for i := 0; i < 100 && atomic.LoadInt64(&openMessages) > before; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := atomic.LoadInt64(&openMessages); n > before {
		t.Errorf("%d messages left unfreed by the finalizer", n-before)
	}
}

func TestGoroutines(t *testing.T) {
	// Distinct messages may be read from different goroutines at once.
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				m, err := Parse([]byte(sample))
				if err != nil {
					errs <- err.Error()
					return
				}
				att, _ := m.Attachments()
				if m.Subject() != "Hello ✓ there" || len(att) != 1 {
					errs <- "wrong result"
				}
				m.Close()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestErrors(t *testing.T) {
	err := error(&Error{Op: "eml_parse", Code: CodeNoMemory})
	if !errors.Is(err, ErrNoMemory) || errors.Is(err, ErrLimit) {
		t.Error("errors.Is")
	}
	if err.Error() != "eml: eml_parse: out of memory" {
		t.Errorf("Error() = %q", err.Error())
	}
	if CodeNotFound.Name() != "EML_ENOTFOUND" {
		t.Error(CodeNotFound.Name())
	}
	if !strings.HasPrefix(Version(), "2.") {
		t.Error(Version())
	}
}

const box = "From alice@example.org Mon Jan  1 00:00:00 2024\n" +
	"Subject: one\n\nfirst\n>From here\n\n" +
	"From bob@example.org Mon Jan  1 00:00:01 2024\n" +
	"Subject: two\n\nsecond\n"

func checkBox(t *testing.T, b *Mbox) {
	t.Helper()
	defer b.Close()
	var subjects []string
	var offsets []int
	for b.Next() {
		m, err := b.Message()
		if err != nil {
			t.Fatal(err)
		}
		subjects = append(subjects, m.Subject())
		offsets = append(offsets, b.Offset())
		if m.Subject() == "one" {
			body, _ := m.Root().Decoded()
			if !bytes.Contains(body, []byte("\nFrom here")) {
				t.Errorf("not unquoted: %q", body)
			}
			if !strings.HasPrefix(b.FromLine(), "From alice@") {
				t.Errorf("FromLine %q", b.FromLine())
			}
		}
		m.Close()
	}
	if err := b.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(subjects, ",") != "one,two" || len(offsets) != 2 || offsets[0] != 48 ||
		box[offsets[1]:offsets[1]+12] != "Subject: two" {
		t.Errorf("subjects %v offsets %v", subjects, offsets)
	}
	if b.Next() {
		t.Error("Next after the end")
	}
	b.Close()
	b.Close()
	if _, err := b.Message(); err != ErrClosed {
		t.Error("Message after Close")
	}
}

func TestMbox(t *testing.T) {
	b, err := NewMbox(strings.NewReader(box))
	if err != nil {
		t.Fatal(err)
	}
	checkBox(t, b)
	b, err = NewMboxBytes([]byte(box))
	if err != nil {
		t.Fatal(err)
	}
	checkBox(t, b)
	path := filepath.Join(t.TempDir(), "box")
	if err := os.WriteFile(path, []byte(box), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err = OpenMbox(path)
	if err != nil {
		t.Fatal(err)
	}
	checkBox(t, b)
	empty, err := NewMboxBytes(nil)
	if err != nil || empty.Next() || empty.Err() != nil {
		t.Error("empty mbox")
	}
	empty.Close()
}

func TestOptions(t *testing.T) {
	nested := "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n--a--\r\n"
	m, err := ParseWithOptions([]byte(nested), &Options{MaxDepth: 1})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range m.Defects() {
		found = found || d.Name == "DEPTH_LIMIT"
	}
	if !found {
		t.Errorf("no DEPTH_LIMIT defect: %+v", m.Defects())
	}
	m.Close()
	if _, err := ParseWithOptions([]byte(nested), &Options{MaxDepth: 1, LimitFails: true}); !errors.Is(err, ErrLimit) {
		t.Errorf("LimitFails: %v", err)
	}
	var e *Error
	if _, err := ParseWithOptions([]byte(nested), &Options{MaxParts: -5}); !errors.As(err, &e) || e.Code != CodeOption {
		t.Errorf("bad bound: %v", err)
	}
	m, err = ParseWithOptions([]byte(sample), nil)
	if err != nil || m.Subject() != "Hello ✓ there" {
		t.Errorf("nil options: %v", err)
	}
	m.Close()
}
