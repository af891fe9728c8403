package eml

/*
#include <eml.h>
#include <stdlib.h>
*/
import "C"

import (
	"runtime"
	"time"
	"unsafe"
)

// Part is one MIME entity of a Message. It keeps its Message reachable, so
// the message is not finalized while a Part is in use; it becomes inert
// (zero values) once the message is closed.
type Part struct {
	m *Message
	c *C.eml_part
}

// Address is one address of an address list: a display name (decoded,
// may be empty), the addr-spec, and the group it was listed in, if any.
type Address struct {
	Name    string
	Address string
	Group   string
}

// Header is one header field: its name as written and its unfolded value
// (raw: encoded words are left as they are; see Part.Header for text).
type Header struct {
	Name  string
	Value string
}

// Defect is a deviation from the RFCs found in the input: its code, the
// library's name ("LINE_TOO_LONG") and description for it, and its byte
// offset in the input.
type Defect struct {
	Code        int
	Name        string
	Description string
	Offset      int
}

// Attachment is an attachment or an inline part, with its content
// transfer-decoded and copied into Go memory: it stays valid after the
// message is closed. Part is the entity it came from.
type Attachment struct {
	Filename    string
	ContentType string
	ContentID   string
	Inline      bool
	Size        int
	Content     []byte
	Part        *Part
}

func (p *Part) live() bool { return p != nil && p.m != nil && p.m.c != nil }

func (p *Part) wrap(c *C.eml_part) *Part {
	if c == nil {
		return nil
	}
	return &Part{m: p.m, c: c}
}

// Message is the message the part belongs to.
func (p *Part) Message() *Message { return p.m }

// ContentType is "type/subtype", lowercased, with the RFC 2045 defaults
// when the field is missing or invalid.
func (p *Part) ContentType() string {
	if !p.live() {
		return ""
	}
	defer runtime.KeepAlive(p)
	return str(C.eml_part_content_type(p.c))
}

// Param is the Content-Type parameter name (case-insensitive), decoded.
func (p *Part) Param(name string) (value string, ok bool) {
	if !p.live() {
		return "", false
	}
	defer runtime.KeepAlive(p)
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	s := C.eml_part_param_get(p.c, cs, C.EML_NUL_TERMINATED)
	return str(s), s.ptr != nil
}

// Disposition is the Content-Disposition type, lowercased, or "".
func (p *Part) Disposition() string {
	if !p.live() {
		return ""
	}
	defer runtime.KeepAlive(p)
	return str(C.eml_part_disposition(p.c))
}

// Filename is the Content-Disposition filename, else the Content-Type
// name, decoded to UTF-8; "" when neither is present.
func (p *Part) Filename() string {
	if !p.live() {
		return ""
	}
	defer runtime.KeepAlive(p)
	return str(C.eml_part_filename(p.c))
}

// ContentID is the Content-ID without angle brackets, or "".
func (p *Part) ContentID() string {
	if !p.live() {
		return ""
	}
	defer runtime.KeepAlive(p)
	return str(C.eml_part_content_id(p.c))
}

// Encoding is the Content-Transfer-Encoding, lowercased ("7bit" when
// absent).
func (p *Part) Encoding() string {
	if !p.live() {
		return ""
	}
	defer runtime.KeepAlive(p)
	return str(C.eml_part_encoding_name(p.c))
}

// Depth is the nesting depth in the whole message (0 for the root).
func (p *Part) Depth() int {
	if !p.live() {
		return 0
	}
	defer runtime.KeepAlive(p)
	return int(C.eml_part_depth(p.c))
}

// Offset is the byte offset of the part's header in the input.
func (p *Part) Offset() int {
	if !p.live() {
		return 0
	}
	defer runtime.KeepAlive(p)
	return int(C.eml_part_offset(p.c))
}

// Parent is the enclosing part, or nil for the root.
func (p *Part) Parent() *Part {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	return p.wrap(C.eml_part_parent(p.c))
}

// Children is the body parts of a multipart (none for other parts).
func (p *Part) Children() []*Part {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	n := int(C.eml_part_child_count(p.c))
	out := make([]*Part, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, p.wrap(C.eml_part_child(p.c, C.size_t(i))))
	}
	return out
}

// Embedded is the root of the message inside a message/rfc822 (or
// message/global) part, or nil.
func (p *Part) Embedded() *Part {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	return p.wrap(C.eml_part_embedded(p.c))
}

// IsMultipart tells whether the part is a multipart/*.
func (p *Part) IsMultipart() bool {
	if !p.live() {
		return false
	}
	defer runtime.KeepAlive(p)
	t := C.eml_part_type(p.c)
	return str(t) == "multipart"
}

// Walk calls fn for the part and every part under it in pre-order,
// embedded messages included, with the depth relative to p (0 for p). A
// non-nil error from fn ends the walk and is returned.
func (p *Part) Walk(fn func(q *Part, depth int) error) error {
	if !p.live() {
		return ErrClosed
	}
	defer runtime.KeepAlive(p)
	var depth C.size_t
	for c := C.eml_part_walk_next(p.c, nil, &depth); c != nil; c = C.eml_part_walk_next(p.c, c, &depth) {
		if err := fn(p.wrap(c), int(depth)); err != nil {
			return err
		}
		if !p.live() {
			return ErrClosed
		}
	}
	return nil
}

// Headers is the part's header fields in order, values unfolded.
func (p *Part) Headers() []Header {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	n := int(C.eml_part_field_count(p.c))
	out := make([]Header, 0, n)
	for i := 0; i < n; i++ {
		var f C.eml_field
		if C.eml_part_field(p.c, C.size_t(i), &f) != C.EML_OK {
			continue
		}
		var v C.eml_slice
		if C.eml_part_field_unfolded(p.c, C.size_t(i), &v) != C.EML_OK {
			v = f.value
		}
		out = append(out, Header{Name: str(f.name), Value: str(v)})
	}
	return out
}

// field is the index of the first field named name, or -1.
func (p *Part) field(name string) int {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var idx C.size_t
	if C.eml_part_field_find(p.c, cs, C.EML_NUL_TERMINATED, 0, &idx) != C.EML_OK {
		return -1
	}
	return int(idx)
}

// Header is the first field named name (case-insensitive) as text:
// unfolded, RFC 2047 encoded words decoded, UTF-8. ok is false when the
// part has no such field.
func (p *Part) Header(name string) (value string, ok bool) {
	if !p.live() {
		return "", false
	}
	defer runtime.KeepAlive(p)
	i := p.field(name)
	if i < 0 {
		return "", false
	}
	var s C.eml_slice
	if C.eml_part_field_text(p.c, C.size_t(i), &s) != C.EML_OK &&
		C.eml_part_field_unfolded(p.c, C.size_t(i), &s) != C.EML_OK {
		return "", true
	}
	return str(s), true
}

// Subject is the decoded Subject field, or "".
func (p *Part) Subject() string {
	s, _ := p.Header("subject")
	return s
}

// Addresses parses the first field named name (From, To, Reply-To...) as
// an address list; unparseable entries are skipped with a defect.
func (p *Part) Addresses(name string) []Address {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	i := p.field(name)
	if i < 0 {
		return nil
	}
	var count C.size_t
	if C.eml_part_field_addresses(p.c, C.size_t(i), nil, 0, &count) != C.EML_OK || count == 0 {
		return nil
	}
	buf := make([]C.eml_address, int(count))
	if C.eml_part_field_addresses(p.c, C.size_t(i), &buf[0], count, &count) != C.EML_OK {
		return nil
	}
	if int(count) < len(buf) {
		buf = buf[:int(count)]
	}
	out := make([]Address, len(buf))
	for j, a := range buf {
		out[j] = Address{Name: str(a.name), Address: str(a.address), Group: str(a.group)}
	}
	return out
}

// From is the addresses of the first From field.
func (p *Part) From() []Address { return p.Addresses("from") }

// To is the addresses of the first To field.
func (p *Part) To() []Address { return p.Addresses("to") }

// Cc is the addresses of the first Cc field.
func (p *Part) Cc() []Address { return p.Addresses("cc") }

// Date is the first Date field in the zone it gives; ok is false when it
// is absent or not a date.
func (p *Part) Date() (t time.Time, ok bool) {
	if !p.live() {
		return time.Time{}, false
	}
	defer runtime.KeepAlive(p)
	i := p.field("date")
	if i < 0 {
		return time.Time{}, false
	}
	var epoch C.int64_t
	var zone C.int
	if C.eml_part_field_date(p.c, C.size_t(i), &epoch, &zone) != C.EML_OK {
		return time.Time{}, false
	}
	return time.Unix(int64(epoch), 0).In(time.FixedZone("", int(zone)*60)), true
}

// MessageIDs parses the first field named name (Message-ID, In-Reply-To,
// References) as a list of message ids without angle brackets.
func (p *Part) MessageIDs(name string) []string {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	i := p.field(name)
	if i < 0 {
		return nil
	}
	var count C.size_t
	if C.eml_part_field_msgids(p.c, C.size_t(i), nil, 0, &count) != C.EML_OK || count == 0 {
		return nil
	}
	buf := make([]C.eml_slice, int(count))
	if C.eml_part_field_msgids(p.c, C.size_t(i), &buf[0], count, &count) != C.EML_OK {
		return nil
	}
	if int(count) < len(buf) {
		buf = buf[:int(count)]
	}
	out := make([]string, len(buf))
	for j, s := range buf {
		out[j] = str(s)
	}
	return out
}

// MessageID is the first id of the Message-ID field, or "".
func (p *Part) MessageID() string {
	if ids := p.MessageIDs("message-id"); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// TextPart is the text/plain part that is the entity's body, or nil.
func (p *Part) TextPart() *Part {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	return p.wrap(C.eml_part_best_text(p.c))
}

// HTMLPart is the text/html part that is the entity's body, or nil.
func (p *Part) HTMLPart() *Part {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	return p.wrap(C.eml_part_best_html(p.c))
}

// Text is the entity's body as UTF-8 text: the best text/plain part,
// else the best text/html part rendered as text; ok is false when there
// is neither.
func (p *Part) Text() (text string, ok bool) {
	if !p.live() {
		return "", false
	}
	defer runtime.KeepAlive(p)
	var s C.eml_slice
	if C.eml_part_body_text(p.c, &s) != C.EML_OK {
		return "", false
	}
	return str(s), true
}

// HTML is the best text/html part's text (UTF-8); ok is false when the
// entity has no HTML body.
func (p *Part) HTML() (html string, ok bool) {
	h := p.HTMLPart()
	if h == nil {
		return "", false
	}
	s, err := h.Content()
	return s, err == nil
}

// Content is a text part's body, transfer-decoded and converted from its
// charset to UTF-8.
func (p *Part) Content() (string, error) {
	if !p.live() {
		return "", ErrClosed
	}
	defer runtime.KeepAlive(p)
	var s C.eml_slice
	if err := check("eml_part_text", C.eml_part_text(p.c, &s)); err != nil {
		return "", err
	}
	return str(s), nil
}

// BodyView is the raw body (before transfer decoding), without a copy: a
// view of the message's memory, valid until the message is closed and
// only while the message stays reachable.
func (p *Part) BodyView() []byte {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	return view(C.eml_part_body_raw(p.c))
}

// DecodedView is the transfer-decoded body without a copy: a view of
// memory the message owns (cached there), valid until the message is
// closed and only while the message stays reachable. Use Decoded for a
// copy that outlives the message.
func (p *Part) DecodedView() ([]byte, error) {
	if !p.live() {
		return nil, ErrClosed
	}
	defer runtime.KeepAlive(p)
	var s C.eml_slice
	if err := check("eml_part_decoded", C.eml_part_decoded(p.c, &s)); err != nil {
		return nil, err
	}
	b := view(s)
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// Decoded is the transfer-decoded body, copied into Go memory.
func (p *Part) Decoded() ([]byte, error) {
	b, err := p.DecodedView()
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(p)
	return append([]byte{}, b...), nil
}

// DecodedSize is the exact transfer-decoded size of the body.
func (p *Part) DecodedSize() (int, error) {
	if !p.live() {
		return 0, ErrClosed
	}
	defer runtime.KeepAlive(p)
	var n C.size_t
	if err := check("eml_part_decoded_size", C.eml_part_decoded_size(p.c, &n)); err != nil {
		return 0, err
	}
	return int(n), nil
}

// PartByCID is the first part under the entity whose Content-ID is cid,
// given as "cid:x" (a URL, %hh decoded), "<x>" or "x"; nil when none.
func (p *Part) PartByCID(cid string) *Part {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	b := []byte(cid)
	if len(b) == 0 {
		return nil
	}
	// The C function reads the name during the call only.
	return p.wrap(C.eml_part_find_content_id(p.c, (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(b))))
}

// Defects lists the defects recorded on this part so far.
func (p *Part) Defects() []Defect {
	if !p.live() {
		return nil
	}
	defer runtime.KeepAlive(p)
	n := int(C.eml_part_defect_count(p.c))
	out := make([]Defect, 0, n)
	for i := 0; i < n; i++ {
		var d C.eml_defect
		if C.eml_part_defect(p.c, C.size_t(i), &d) != C.EML_OK {
			continue
		}
		out = append(out, Defect{
			Code:        int(d.code),
			Name:        C.GoString(C.eml_defect_name(d.code)),
			Description: C.GoString(C.eml_defect_description(d.code)),
			Offset:      int(d.offset),
		})
	}
	return out
}

func (p *Part) parts(op string, inline bool) ([]*Part, error) {
	if !p.live() {
		return nil, ErrClosed
	}
	defer runtime.KeepAlive(p)
	var arr **C.eml_part
	var n C.size_t
	var rc C.eml_error
	if inline {
		rc = C.eml_part_inline_parts(p.c, &arr, &n)
	} else {
		rc = C.eml_part_attachments(p.c, &arr, &n)
	}
	if err := check(op, rc); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]*Part, 0, int(n))
	for _, c := range unsafe.Slice(arr, int(n)) {
		out = append(out, p.wrap(c))
	}
	return out, nil
}

func (p *Part) list(op string, inline bool) ([]Attachment, error) {
	parts, err := p.parts(op, inline)
	if err != nil {
		return nil, err
	}
	out := make([]Attachment, 0, len(parts))
	for _, q := range parts {
		content, err := q.Decoded()
		if err != nil {
			return out, err
		}
		out = append(out, Attachment{
			Filename:    q.Filename(),
			ContentType: q.ContentType(),
			ContentID:   q.ContentID(),
			Inline:      inline,
			Size:        len(content),
			Content:     content,
			Part:        q,
		})
	}
	return out, nil
}

// Attachments lists the attachments under the entity in document order,
// each transfer-decoded and copied.
func (p *Part) Attachments() ([]Attachment, error) { return p.list("eml_part_attachments", false) }

// AttachmentParts lists the parts Attachments describes, without decoding
// or copying anything (see Part.DecodedView for their content).
func (p *Part) AttachmentParts() ([]*Part, error) {
	return p.parts("eml_part_attachments", false)
}

// InlineParts lists the inline parts under the entity (pictures of a
// multipart/related, parts with Content-Disposition: inline, further
// text), with Inline set.
func (p *Part) InlineParts() ([]Attachment, error) {
	return p.list("eml_part_inline_parts", true)
}

// id identifies the C part, for comparing parts wrapped more than once.
func (p *Part) id() uintptr { return uintptr(unsafe.Pointer(p.c)) }
