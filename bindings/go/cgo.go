package eml

// The package links the static library of the source tree it sits in:
// run make at the top of the tree first, so that build/libeml.a exists.

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: ${SRCDIR}/../../build/libeml.a -lpthread
#include <eml.h>
#include <stdlib.h>
#include <string.h>
*/
import "C"

import "unsafe"

// str copies a slice owned by C into a Go string ("" when absent).
func str(s C.eml_slice) string {
	if s.ptr == nil || s.len == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(unsafe.Pointer(s.ptr)), int(s.len)))
}

// view returns the bytes of a slice owned by C without copying them, or
// nil when absent. The result is valid only as long as its owner.
func view(s C.eml_slice) []byte {
	if s.ptr == nil {
		return nil
	}
	if s.len == 0 {
		return []byte{}
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(s.ptr)), int(s.len))
}

// cbytes copies b into memory from C.malloc (at least one byte, so that
// an empty input still has a non-NULL pointer).
func cbytes(b []byte) unsafe.Pointer {
	n := len(b)
	if n == 0 {
		n = 1
	}
	p := C.malloc(C.size_t(n))
	if p == nil {
		panic("eml: out of memory")
	}
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	return p
}
