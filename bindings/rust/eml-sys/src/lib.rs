//! Raw declarations of libeml's C API (include/eml.h, ABI 2.0).
//!
//! Written by hand, covering the functions the `eml` crate uses; the test
//! `tests/signatures.rs` turns every declaration below into a C function
//! pointer of the same type, assigns it the real function from eml.h and
//! compiles that with warnings as errors, so a drifting signature, struct
//! layout or enum size fails the test.
//!
//! Enums are `c_int` with the values as constants: a C enum whose values
//! all fit an int has the size of an int on every ABI the library targets
//! (the test checks it), and a value from a newer library is then no
//! undefined behaviour in Rust.
#![allow(non_camel_case_types)]
use std::marker::{PhantomData, PhantomPinned};
pub use std::os::raw::{c_char, c_int, c_uint, c_void};

pub const EML_NUL_TERMINATED: usize = usize::MAX;

pub type eml_error = c_int;
pub const EML_OK: eml_error = 0;
pub const EML_EINVAL: eml_error = -1;
pub const EML_ENOMEM: eml_error = -2;
pub const EML_ELIMIT: eml_error = -3;
pub const EML_ERANGE: eml_error = -4;
pub const EML_ENOTFOUND: eml_error = -5;
pub const EML_EBUFSIZE: eml_error = -6;
pub const EML_EUNSUPPORTED: eml_error = -7;
pub const EML_EOPTION: eml_error = -8;

pub type eml_defect_code = c_int;

pub type eml_option = c_int;
pub const EML_OPT_MAX_DEPTH: eml_option = 1;
pub const EML_OPT_MAX_PARTS: eml_option = 2;
pub const EML_OPT_MAX_FIELDS: eml_option = 3;
pub const EML_OPT_MAX_HEADER_BYTES: eml_option = 4;
pub const EML_OPT_LIMIT_FAILS: eml_option = 5;
pub const EML_OPT_IMPL: eml_option = 6;
pub const EML_OPT_MAX_ADDRESSES: eml_option = 7;
pub const EML_OPT_MAX_DECODED_BYTES: eml_option = 8;

pub type eml_encoding = c_int;
pub const EML_ENCODING_7BIT: eml_encoding = 0;
pub const EML_ENCODING_8BIT: eml_encoding = 1;
pub const EML_ENCODING_BINARY: eml_encoding = 2;
pub const EML_ENCODING_BASE64: eml_encoding = 3;
pub const EML_ENCODING_QUOTED_PRINTABLE: eml_encoding = 4;
pub const EML_ENCODING_UNKNOWN: eml_encoding = 5;
pub const EML_ENCODING_UUENCODE: eml_encoding = 6;

pub type eml_mbox_format = c_int;
pub const EML_MBOX_AUTO: eml_mbox_format = 0;
pub const EML_MBOX_MBOXO: eml_mbox_format = 1;
pub const EML_MBOX_MBOXRD: eml_mbox_format = 2;
pub const EML_MBOX_MBOXCL2: eml_mbox_format = 3;

#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct eml_slice {
    pub ptr: *const c_char,
    pub len: usize,
}

#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct eml_defect {
    pub code: eml_defect_code,
    pub offset: usize,
}

#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct eml_field {
    pub name: eml_slice,
    pub value: eml_slice,
    pub offset: usize,
}

#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct eml_param {
    pub name: eml_slice,
    pub value: eml_slice,
}

#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct eml_address {
    pub name: eml_slice,
    pub address: eml_slice,
    pub group: eml_slice,
}

macro_rules! opaque {
    ($($name:ident),*) => {$(
        #[repr(C)]
        pub struct $name {
            _data: [u8; 0],
            _marker: PhantomData<(*mut u8, PhantomPinned)>,
        }
    )*};
}
opaque!(eml_options, eml_message, eml_part, eml_mbox);

// The allocator hooks are not used by the safe crate; the type is here so
// that eml_options_create can be declared exactly.
#[repr(C)]
pub struct eml_allocator {
    pub alloc: Option<unsafe extern "C" fn(user: *mut c_void, size: usize) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(user: *mut c_void, ptr: *mut c_void, size: usize)>,
    pub user: *mut c_void,
}

extern "C" {
    pub fn eml_version() -> c_uint;
    pub fn eml_version_string() -> *const c_char;
    pub fn eml_strerror(error: eml_error) -> *const c_char;
    pub fn eml_error_name(error: eml_error) -> *const c_char;
    pub fn eml_defect_name(code: eml_defect_code) -> *const c_char;
    pub fn eml_defect_description(code: eml_defect_code) -> *const c_char;

    pub fn eml_options_create(allocator: *const eml_allocator) -> *mut eml_options;
    pub fn eml_options_free(options: *mut eml_options);
    pub fn eml_options_set(options: *mut eml_options, option: eml_option, value: i64) -> eml_error;
    pub fn eml_options_get(options: *const eml_options, option: eml_option, value: *mut i64) -> eml_error;

    pub fn eml_parse(buf: *const c_char, len: usize, options: *const eml_options, out: *mut *mut eml_message) -> eml_error;
    pub fn eml_message_free(message: *mut eml_message);
    pub fn eml_message_root(message: *const eml_message) -> *const eml_part;
    pub fn eml_message_part_count(message: *const eml_message) -> usize;
    pub fn eml_message_buffer(message: *const eml_message) -> eml_slice;

    pub fn eml_part_parent(part: *const eml_part) -> *const eml_part;
    pub fn eml_part_child_count(part: *const eml_part) -> usize;
    pub fn eml_part_child(part: *const eml_part, index: usize) -> *const eml_part;
    pub fn eml_part_next(part: *const eml_part) -> *const eml_part;
    pub fn eml_part_embedded(part: *const eml_part) -> *const eml_part;
    pub fn eml_part_depth(part: *const eml_part) -> usize;
    pub fn eml_part_walk_next(root: *const eml_part, part: *const eml_part, depth: *mut usize) -> *const eml_part;
    pub fn eml_part_message(part: *const eml_part) -> *const eml_message;

    pub fn eml_part_field_count(part: *const eml_part) -> usize;
    pub fn eml_part_field(part: *const eml_part, index: usize, out: *mut eml_field) -> eml_error;
    pub fn eml_part_field_find(part: *const eml_part, name: *const c_char, name_len: usize, start: usize, index: *mut usize) -> eml_error;
    pub fn eml_part_field_unfolded(part: *const eml_part, index: usize, out: *mut eml_slice) -> eml_error;
    pub fn eml_part_field_text(part: *const eml_part, index: usize, out: *mut eml_slice) -> eml_error;
    pub fn eml_part_header_raw(part: *const eml_part) -> eml_slice;

    pub fn eml_part_type(part: *const eml_part) -> eml_slice;
    pub fn eml_part_subtype(part: *const eml_part) -> eml_slice;
    pub fn eml_part_content_type(part: *const eml_part) -> eml_slice;
    pub fn eml_part_param_count(part: *const eml_part) -> usize;
    pub fn eml_part_param(part: *const eml_part, index: usize, out: *mut eml_param) -> eml_error;
    pub fn eml_part_param_get(part: *const eml_part, name: *const c_char, name_len: usize) -> eml_slice;
    pub fn eml_part_disposition(part: *const eml_part) -> eml_slice;
    pub fn eml_part_disposition_param_get(part: *const eml_part, name: *const c_char, name_len: usize) -> eml_slice;
    pub fn eml_part_filename(part: *const eml_part) -> eml_slice;
    pub fn eml_part_encoding(part: *const eml_part) -> eml_encoding;
    pub fn eml_part_encoding_name(part: *const eml_part) -> eml_slice;

    pub fn eml_part_body_raw(part: *const eml_part) -> eml_slice;
    pub fn eml_part_offset(part: *const eml_part) -> usize;
    pub fn eml_part_preamble(part: *const eml_part) -> eml_slice;
    pub fn eml_part_epilogue(part: *const eml_part) -> eml_slice;
    pub fn eml_part_decoded(part: *const eml_part, out: *mut eml_slice) -> eml_error;
    pub fn eml_part_text(part: *const eml_part, out: *mut eml_slice) -> eml_error;
    pub fn eml_part_decoded_size(part: *const eml_part, size: *mut usize) -> eml_error;

    pub fn eml_part_defect_count(part: *const eml_part) -> usize;
    pub fn eml_part_defect(part: *const eml_part, index: usize, out: *mut eml_defect) -> eml_error;

    pub fn eml_part_field_addresses(part: *const eml_part, index: usize, out: *mut eml_address, cap: usize, count: *mut usize) -> eml_error;
    pub fn eml_part_field_date(part: *const eml_part, index: usize, epoch: *mut i64, zone_minutes: *mut c_int) -> eml_error;
    pub fn eml_part_field_msgids(part: *const eml_part, index: usize, out: *mut eml_slice, cap: usize, count: *mut usize) -> eml_error;

    pub fn eml_html_to_text_size_max(html_len: usize) -> usize;
    pub fn eml_html_to_text(html: *const c_char, html_len: usize, dst: *mut c_char, dst_size: usize, written: *mut usize) -> eml_error;

    pub fn eml_part_best_text(entity: *const eml_part) -> *const eml_part;
    pub fn eml_part_best_html(entity: *const eml_part) -> *const eml_part;
    pub fn eml_part_body_text(entity: *const eml_part, out: *mut eml_slice) -> eml_error;
    pub fn eml_part_attachments(entity: *const eml_part, parts: *mut *const *const eml_part, count: *mut usize) -> eml_error;
    pub fn eml_part_inline_parts(entity: *const eml_part, parts: *mut *const *const eml_part, count: *mut usize) -> eml_error;
    pub fn eml_part_content_id(part: *const eml_part) -> eml_slice;
    pub fn eml_part_find_content_id(entity: *const eml_part, cid: *const c_char, cid_len: usize) -> *const eml_part;

    pub fn eml_mbox_create(buf: *const c_char, len: usize, format: eml_mbox_format, options: *const eml_options, out: *mut *mut eml_mbox) -> eml_error;
    pub fn eml_mbox_free(mbox: *mut eml_mbox);
    pub fn eml_mbox_next(mbox: *mut eml_mbox, message: *mut eml_slice, offset: *mut usize) -> eml_error;
    pub fn eml_mbox_from_line(mbox: *const eml_mbox) -> eml_slice;
    pub fn eml_mbox_resolved_format(mbox: *const eml_mbox) -> eml_mbox_format;
}
