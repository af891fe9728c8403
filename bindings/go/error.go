package eml

// #include <eml.h>
import "C"

// Code is an eml_error code of the C library.
type Code int

// The error codes of the C library (eml_error).
const (
	CodeInvalid     Code = C.EML_EINVAL
	CodeNoMemory    Code = C.EML_ENOMEM
	CodeLimit       Code = C.EML_ELIMIT
	CodeRange       Code = C.EML_ERANGE
	CodeNotFound    Code = C.EML_ENOTFOUND
	CodeBufSize     Code = C.EML_EBUFSIZE
	CodeUnsupported Code = C.EML_EUNSUPPORTED
	CodeOption      Code = C.EML_EOPTION
)

// Name is the code's symbolic name in C, such as "EML_ENOMEM".
func (c Code) Name() string { return C.GoString(C.eml_error_name(C.eml_error(c))) }

// String is the library's description of the code (eml_strerror).
func (c Code) String() string { return C.GoString(C.eml_strerror(C.eml_error(c))) }

// Error is a failure reported by the C library: the function that failed
// and its eml_error code. Malformed mail is never an Error (see Defect).
type Error struct {
	Op   string // the C function, such as "eml_parse"
	Code Code
}

func (e *Error) Error() string { return "eml: " + e.Op + ": " + e.Code.String() }

// Is makes errors.Is(err, ErrLimit) and the like match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Op == "" && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrInvalid  error = &Error{Code: CodeInvalid}
	ErrNoMemory error = &Error{Code: CodeNoMemory}
	ErrLimit    error = &Error{Code: CodeLimit}
	ErrNotFound error = &Error{Code: CodeNotFound}
)

// ErrClosed is returned by methods of a Message or Mbox after Close.
var ErrClosed = closedError{}

type closedError struct{}

func (closedError) Error() string { return "eml: use after Close" }

func check(op string, rc C.eml_error) error {
	if rc == C.EML_OK {
		return nil
	}
	return &Error{Op: op, Code: Code(rc)}
}

// Version is the version of the linked C library ("2.0.0").
func Version() string { return C.GoString(C.eml_version_string()) }
