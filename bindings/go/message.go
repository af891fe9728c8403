package eml

/*
#include <eml.h>
#include <stdlib.h>
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// openMessages counts the messages not yet freed, for the tests.
var openMessages int64

// Message is a parsed message. It owns a copy of the input in C memory
// and the C library's tree of parts; Close frees both. A finalizer frees
// them too when a Message is lost without Close, but memory held by C is
// invisible to the Go collector, so call Close when done.
//
// A Message must not be used from two goroutines at once: the C library
// caches decoded values inside the message as they are asked for.
type Message struct {
	c   *C.eml_message
	buf unsafe.Pointer // the input, copied into C.malloc memory
	n   int
}

// Parse parses a whole message (RFC 5322, MIME). The input is copied into
// memory from C.malloc, since the C library keeps pointers into it for the
// life of the message and Go memory may not be held by C across calls; the
// caller may reuse data as soon as Parse returns. Malformed input never
// fails: it is recorded as defects (see Defects). Errors are out of memory
// and the like, as *Error.
func Parse(data []byte) (*Message, error) { return parseWith(data, nil) }

func parseWith(data []byte, opts *C.eml_options) (*Message, error) {
	buf := cbytes(data)
	var c *C.eml_message
	if err := check("eml_parse", C.eml_parse((*C.char)(buf), C.size_t(len(data)), opts, &c)); err != nil {
		C.free(buf)
		return nil, err
	}
	m := &Message{c: c, buf: buf, n: len(data)}
	atomic.AddInt64(&openMessages, 1)
	runtime.SetFinalizer(m, (*Message).Close)
	return m, nil
}

// Close frees the message. It is idempotent and always returns nil. After
// Close, every view ([]byte returned by a *View method) of the message is
// invalid, and the methods of the message and its parts return zero
// values (or ErrClosed).
func (m *Message) Close() error {
	if m == nil || m.c == nil {
		return nil
	}
	C.eml_message_free(m.c)
	C.free(m.buf)
	m.c, m.buf = nil, nil
	atomic.AddInt64(&openMessages, -1)
	runtime.SetFinalizer(m, nil)
	return nil
}

// Root is the top-level entity: its header is the message header. Nil
// after Close.
func (m *Message) Root() *Part {
	if m.c == nil {
		return nil
	}
	return &Part{m: m, c: C.eml_message_root(m.c)}
}

// PartCount is the number of parts in the tree, embedded messages
// included (the number Walk visits).
func (m *Message) PartCount() int {
	if m.c == nil {
		return 0
	}
	n := int(C.eml_message_part_count(m.c))
	runtime.KeepAlive(m)
	return n
}

// RawView is the input as given to Parse, without a copy: valid until
// Close, and only while m stays reachable (see runtime.KeepAlive).
func (m *Message) RawView() []byte {
	if m.c == nil {
		return nil
	}
	return unsafe.Slice((*byte)(m.buf), m.n)
}

// The methods below read the message header and the message view of the
// root entity; the same methods of Part apply them to any entity, such as
// an embedded message (Part.Embedded).

// Subject is the decoded Subject (RFC 2047 words decoded, UTF-8).
func (m *Message) Subject() string { return m.Root().Subject() }

// From is the addresses of the first From field.
func (m *Message) From() []Address { return m.Root().From() }

// To is the addresses of the first To field.
func (m *Message) To() []Address { return m.Root().To() }

// Cc is the addresses of the first Cc field.
func (m *Message) Cc() []Address { return m.Root().Cc() }

// Date is the Date field, in the zone the message gave; ok is false when
// it is absent or not a date.
func (m *Message) Date() (t time.Time, ok bool) { return m.Root().Date() }

// MessageID is the Message-ID without angle brackets, or "".
func (m *Message) MessageID() string { return m.Root().MessageID() }

// Text is the body as UTF-8 text: the best text/plain part, else the best
// text/html part rendered as text. ok is false when there is neither.
func (m *Message) Text() (text string, ok bool) { return m.Root().Text() }

// HTML is the best text/html part's text (UTF-8); ok is false when the
// message has no HTML body.
func (m *Message) HTML() (html string, ok bool) { return m.Root().HTML() }

// Attachments lists the attachments in document order, their content
// transfer-decoded and copied.
func (m *Message) Attachments() ([]Attachment, error) { return m.Root().Attachments() }

// AttachmentParts lists the attachments as parts, nothing decoded or
// copied.
func (m *Message) AttachmentParts() ([]*Part, error) { return m.Root().AttachmentParts() }

// InlineParts lists the inline parts (pictures of a multipart/related,
// parts with Content-Disposition: inline), as Attachments with Inline set.
func (m *Message) InlineParts() ([]Attachment, error) { return m.Root().InlineParts() }

// PartByCID is the first part whose Content-ID is cid ("cid:x", "<x>" or
// "x"), or nil.
func (m *Message) PartByCID(cid string) *Part { return m.Root().PartByCID(cid) }

// Walk calls fn for every part in pre-order, embedded messages included,
// with its depth (0 for the root). A non-nil error from fn ends the walk
// and is returned.
func (m *Message) Walk(fn func(p *Part, depth int) error) error { return m.Root().Walk(fn) }

// Headers is the message header's fields in order.
func (m *Message) Headers() []Header { return m.Root().Headers() }

// Header is the decoded text of the first field named name
// (case-insensitive); ok is false when there is none.
func (m *Message) Header(name string) (value string, ok bool) { return m.Root().Header(name) }

// Defects lists every defect of every part, in walk order. Call it last:
// reading fields and decoding bodies can find more.
func (m *Message) Defects() []Defect {
	var all []Defect
	m.Walk(func(p *Part, _ int) error {
		all = append(all, p.Defects()...)
		return nil
	})
	return all
}
