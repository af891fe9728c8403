package eml

/*
#include <eml.h>
#include <stdlib.h>
*/
import "C"

import (
	"errors"
	"io"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// Mbox iterates over the messages of an mbox (RFC 4155: mboxo, mboxrd,
// detected automatically):
//
//	box, err := eml.NewMbox(r)
//	...
//	defer box.Close()
//	for box.Next() {
//		msg, err := box.Message()
//		...
//		msg.Close()
//	}
//	if err := box.Err(); err != nil { ... }
//
// The mailbox is held in memory outside the Go heap, either copied into
// C.malloc memory (NewMbox, NewMboxBytes) or mapped from its file
// (OpenMbox), because the C iterator keeps pointers into it. Close frees
// it; a finalizer does so too for an Mbox lost without Close.
type Mbox struct {
	c      *C.eml_mbox
	buf    unsafe.Pointer
	n      int
	mapped []byte // OpenMbox: the mapping, unmapped by Close
	cur    C.eml_slice
	off    int
	err    error
}

// NewMbox reads all of r into memory and iterates over it.
func NewMbox(r io.Reader) (*Mbox, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return NewMboxBytes(data)
}

// NewMboxBytes iterates over a copy of data; data may be reused at once.
func NewMboxBytes(data []byte) (*Mbox, error) {
	buf := cbytes(data)
	b, err := newMbox(buf, len(data))
	if err != nil {
		C.free(buf)
		return nil, err
	}
	return b, nil
}

// OpenMbox maps the file at path read-only (no copy) and iterates over it.
// The file must not be truncated while the Mbox is open.
func OpenMbox(path string) (*Mbox, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 {
		return NewMboxBytes(nil)
	}
	if int64(int(st.Size())) != st.Size() {
		return nil, &Error{Op: "OpenMbox", Code: CodeLimit}
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, &os.PathError{Op: "mmap", Path: path, Err: err}
	}
	b, err := newMbox(unsafe.Pointer(&mem[0]), len(mem))
	if err != nil {
		syscall.Munmap(mem)
		return nil, err
	}
	b.mapped = mem
	return b, nil
}

func newMbox(buf unsafe.Pointer, n int) (*Mbox, error) {
	var c *C.eml_mbox
	if err := check("eml_mbox_create", C.eml_mbox_create((*C.char)(buf), C.size_t(n), C.EML_MBOX_AUTO, nil, &c)); err != nil {
		return nil, err
	}
	b := &Mbox{c: c, buf: buf, n: n, off: -1}
	runtime.SetFinalizer(b, (*Mbox).Close)
	return b, nil
}

// Next advances to the next message; false at the end, after an error
// (see Err) or after Close.
func (b *Mbox) Next() bool {
	if b.c == nil || b.err != nil {
		return false
	}
	defer runtime.KeepAlive(b)
	var off C.size_t
	rc := C.eml_mbox_next(b.c, &b.cur, &off)
	if rc == C.EML_ENOTFOUND {
		b.cur = C.eml_slice{}
		return false
	}
	if err := check("eml_mbox_next", rc); err != nil {
		b.err = err
		return false
	}
	b.off = int(off)
	return true
}

// Bytes is the current message's bytes (From_ line removed, quoted
// ">From " lines unquoted), without a copy: valid until the next call to
// Next or Close.
func (b *Mbox) Bytes() []byte {
	if b.c == nil || b.off < 0 {
		return nil
	}
	return view(b.cur)
}

// Message parses the current message. The Message has its own copy of the
// bytes, so it stays valid after Next and Close; close it when done.
func (b *Mbox) Message() (*Message, error) {
	if b.c == nil {
		return nil, ErrClosed
	}
	if b.off < 0 {
		return nil, errors.New("eml: Mbox.Message called before Next")
	}
	defer runtime.KeepAlive(b)
	return Parse(view(b.cur))
}

// Offset is the byte offset of the current message's first byte (after
// its From_ line) in the mailbox.
func (b *Mbox) Offset() int { return b.off }

// FromLine is the current message's From_ line without its line break, or
// "" for text before the first From_ line.
func (b *Mbox) FromLine() string {
	if b.c == nil {
		return ""
	}
	defer runtime.KeepAlive(b)
	return str(C.eml_mbox_from_line(b.c))
}

// Err is the error that ended the iteration, or nil.
func (b *Mbox) Err() error { return b.err }

// Close frees the iterator and the mailbox memory; idempotent. Views from
// Bytes become invalid; parsed Messages do not.
func (b *Mbox) Close() error {
	if b == nil || b.c == nil {
		return nil
	}
	C.eml_mbox_free(b.c)
	b.c = nil
	var err error
	if b.mapped != nil {
		err = syscall.Munmap(b.mapped)
		b.mapped = nil
	} else {
		C.free(b.buf)
	}
	b.buf = nil
	runtime.SetFinalizer(b, nil)
	return err
}
