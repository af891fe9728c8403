package eml

// #include <eml.h>
import "C"

// Options are the parser's limits. A zero field keeps the library's
// default (see eml_options_set(3): depth 100, 100000 parts, 10000 fields
// and 1 MiB per header, 100000 addresses per field, 4 GiB per decode).
// Past a structural limit the part concerned is kept as a leaf with a
// defect, unless LimitFails is set: then parsing fails with ErrLimit.
type Options struct {
	MaxDepth        int64
	MaxParts        int64
	MaxFields       int64
	MaxHeaderBytes  int64
	MaxAddresses    int64
	MaxDecodedBytes int64
	LimitFails      bool
}

// ParseWithOptions is Parse with limits; nil options are the defaults.
// A value out of its bounds is an *Error with CodeOption.
func ParseWithOptions(data []byte, o *Options) (*Message, error) {
	if o == nil {
		return Parse(data)
	}
	opts := C.eml_options_create(nil)
	if opts == nil {
		return nil, &Error{Op: "eml_options_create", Code: CodeNoMemory}
	}
	defer C.eml_options_free(opts)
	set := []struct {
		opt C.eml_option
		v   int64
	}{
		{C.EML_OPT_MAX_DEPTH, o.MaxDepth},
		{C.EML_OPT_MAX_PARTS, o.MaxParts},
		{C.EML_OPT_MAX_FIELDS, o.MaxFields},
		{C.EML_OPT_MAX_HEADER_BYTES, o.MaxHeaderBytes},
		{C.EML_OPT_MAX_ADDRESSES, o.MaxAddresses},
		{C.EML_OPT_MAX_DECODED_BYTES, o.MaxDecodedBytes},
	}
	if o.LimitFails {
		set = append(set, struct {
			opt C.eml_option
			v   int64
		}{C.EML_OPT_LIMIT_FAILS, 1})
	}
	for _, s := range set {
		if s.v == 0 {
			continue
		}
		if err := check("eml_options_set", C.eml_options_set(opts, s.opt, C.int64_t(s.v))); err != nil {
			return nil, err
		}
	}
	return parseWith(data, opts)
}
