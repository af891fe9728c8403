// Command bench measures the Go binding on a folder of messages side by
// side with the standard library doing the same work as far as it can:
// for each message, the Subject (RFC 2047 decoded), the From addresses,
// the best text/plain body (transfer-decoded) and the transfer-decoded
// bytes of every attachment.
//
// net/mail parses the header only; mime/multipart walks the multiparts,
// mime/quotedprintable and encoding/base64 decode the bodies. The standard
// library has no charset conversion beyond UTF-8, US-ASCII and ISO-8859-1
// in encoded words and no message/rfc822 parsing, so the libeml side does
// more work on some messages (its text is converted to UTF-8).
//
// Every file under the folder is one message, read into memory before
// timing. Rounds alternate the two engines (the order swapped each round);
// each pass follows a forced garbage collection, runs with GOMAXPROCS=1
// and is timed in processor time of the process (getrusage), garbage
// collection included. Figures are input megabytes per second: median,
// minimum and maximum of the rounds.
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"

	"libeml.org/eml"
)

type tally struct {
	messages, failed, subjects, from, attachments int
	textBytes, attachmentBytes                    int64
}

func libemlPass(msgs [][]byte) tally {
	var t tally
	for _, data := range msgs {
		m, err := eml.Parse(data)
		if err != nil {
			t.failed++
			continue
		}
		t.messages++
		if m.Subject() != "" {
			t.subjects++
		}
		t.from += len(m.From())
		if p := m.Root().TextPart(); p != nil {
			if s, err := p.Content(); err == nil {
				t.textBytes += int64(len(s))
			}
		}
		atts, _ := m.Attachments()
		for _, a := range atts {
			t.attachments++
			t.attachmentBytes += int64(len(a.Content))
		}
		m.Close()
	}
	return t
}

// libemlViewPass does the same through zero-copy views of the message's
// memory: nothing of the attachments is copied into Go memory.
func libemlViewPass(msgs [][]byte) tally {
	var t tally
	for _, data := range msgs {
		m, err := eml.Parse(data)
		if err != nil {
			t.failed++
			continue
		}
		t.messages++
		if m.Subject() != "" {
			t.subjects++
		}
		t.from += len(m.From())
		if p := m.Root().TextPart(); p != nil {
			if s, err := p.Content(); err == nil {
				t.textBytes += int64(len(s))
			}
		}
		parts, _ := m.AttachmentParts()
		for _, p := range parts {
			if b, err := p.DecodedView(); err == nil {
				t.attachments++
				t.attachmentBytes += int64(len(b))
			}
		}
		m.Close()
	}
	return t
}

var words = &mime.WordDecoder{}

type walker struct {
	t        *tally
	haveText bool
}

func decoder(h textproto.MIMEHeader, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

func (w *walker) entity(h textproto.MIMEHeader, body io.Reader, depth int) {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt == "" {
		mt, params = "text/plain", nil
	}
	if strings.HasPrefix(mt, "multipart/") {
		if params["boundary"] == "" || depth > 50 {
			return
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return
			}
			w.entity(p.Header, p, depth+1)
		}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	attachment := disp == "attachment" || dparams["filename"] != "" ||
		(!strings.HasPrefix(mt, "text/") && params["name"] != "")
	switch {
	case attachment:
		n, _ := io.Copy(io.Discard, decoder(h, body))
		w.t.attachments++
		w.t.attachmentBytes += n
	case mt == "text/plain" && !w.haveText:
		b, _ := io.ReadAll(decoder(h, body))
		w.haveText = true
		w.t.textBytes += int64(len(b))
	}
}

func stdlibPass(msgs [][]byte) tally {
	var t tally
	for _, data := range msgs {
		m, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.failed++
			continue
		}
		t.messages++
		subject, err := words.DecodeHeader(m.Header.Get("Subject"))
		if err != nil {
			subject = m.Header.Get("Subject")
		}
		if subject != "" {
			t.subjects++
		}
		if list, err := (&mail.AddressParser{WordDecoder: words}).ParseList(m.Header.Get("From")); err == nil {
			t.from += len(list)
		}
		w := walker{t: &t}
		w.entity(textproto.MIMEHeader(m.Header), m.Body, 0)
	}
	return t
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func timed(pass func([][]byte) tally, msgs [][]byte) (float64, tally) {
	runtime.GC()
	start := cpuSeconds()
	t := pass(msgs)
	return cpuSeconds() - start, t
}

type stats struct{ median, min, max float64 }

func summarize(rates []float64) stats {
	s := append([]float64{}, rates...)
	sort.Float64s(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return stats{med, s[0], s[n-1]}
}

func main() {
	corpus := flag.String("corpus", "", "folder of messages (every file is one message)")
	rounds := flag.Int("rounds", 5, "timed rounds per engine")
	repeat := flag.Int("repeat", 5, "passes over the corpus per timed round")
	flag.Parse()
	if *corpus == "" || *rounds < 1 || *repeat < 1 {
		flag.Usage()
		os.Exit(2)
	}
	runtime.GOMAXPROCS(1)
	var msgs [][]byte
	var total int64
	err := filepath.Walk(*corpus, func(path string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		msgs = append(msgs, b)
		total += int64(len(b))
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	var set [][]byte
	for i := 0; i < *repeat; i++ {
		set = append(set, msgs...)
	}
	engines := []struct {
		name string
		pass func([][]byte) tally
	}{
		{"libeml (Go binding, Attachments copied)", libemlPass},
		{"libeml (Go binding, DecodedView)", libemlViewPass},
		{"net/mail + mime/multipart", stdlibPass},
	}
	rates := make([][]float64, len(engines))
	tallies := make([]tally, len(engines))
	for i, e := range engines { // warm-up
		_, tallies[i] = timed(e.pass, msgs)
	}
	for r := 0; r < *rounds; r++ {
		for k := range engines {
			i := k
			if r%2 == 1 {
				i = len(engines) - 1 - k
			}
			secs, _ := timed(engines[i].pass, set)
			rates[i] = append(rates[i], float64(total)*float64(*repeat)/secs/1e6)
		}
	}
	fmt.Printf("\n### Go: the binding and the standard library on %s (%d files, %.1f MB; MB/s of input, processor time, GOMAXPROCS=1, %d rounds of %d passes)\n\n",
		*corpus, len(msgs), float64(total)/1e6, *rounds, *repeat)
	fmt.Println("| engine | median | min | max | vs net/mail | messages | unparsed | subjects | From addresses | text bytes | attachments | attachment bytes |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	base := summarize(rates[len(engines)-1]).median
	for i, e := range engines {
		s, t := summarize(rates[i]), tallies[i]
		fmt.Printf("| %s | %.1f | %.1f | %.1f | %.2f | %d | %d | %d | %d | %d | %d | %d |\n",
			e.name, s.median, s.min, s.max, s.median/base, t.messages, t.failed, t.subjects,
			t.from, t.textBytes, t.attachments, t.attachmentBytes)
	}
}
