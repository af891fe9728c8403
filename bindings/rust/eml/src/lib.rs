//! Safe, zero-copy bindings to libeml, a parser for Internet email
//! (RFC 5322, MIME).
//!
//! [`Message::parse`] borrows the input buffer; every [`Part`] and every
//! slice handed out borrows the [`Message`]. The borrow checker thus
//! enforces libeml's rule that slices stay valid until the message is
//! freed and that the buffer outlives the message:
//!
//! ```
//! let raw = b"Subject: hello\r\nFrom: Ann <ann@example.org>\r\n\r\nHi!\r\n";
//! let msg = eml::Message::parse(raw).unwrap();
//! let root = msg.root();
//! assert_eq!(root.subject().as_deref(), Some("hello"));
//! assert_eq!(root.from().unwrap()[0].address, "ann@example.org");
//! assert_eq!(root.body_raw(), b"Hi!\r\n");
//! ```
//!
//! A slice cannot outlive its message:
//!
//! ```compile_fail,E0597
//! let raw = b"Subject: hello\r\n\r\nHi!\r\n";
//! let body;
//! {
//!     let msg = eml::Message::parse(raw).unwrap();
//!     body = msg.root().body_raw();
//! } // msg is freed here, body would dangle
//! println!("{:?}", body);
//! ```
//!
//! Nor can the message outlive its buffer:
//!
//! ```compile_fail,E0597
//! let msg;
//! {
//!     let raw = b"Subject: hello\r\n\r\nHi!\r\n".to_vec();
//!     msg = eml::Message::parse(&raw).unwrap();
//! } // raw is dropped here while msg still points into it
//! println!("{}", msg.part_count());
//! ```
//!
//! Nor a part its message:
//!
//! ```compile_fail,E0505
//! let raw = b"Subject: hello\r\n\r\nHi!\r\n";
//! let msg = eml::Message::parse(raw).unwrap();
//! let root = msg.root();
//! drop(msg);
//! println!("{:?}", root.subject());
//! ```
//!
//! The same code with each value kept alive long enough compiles, so the
//! three examples above fail for their lifetimes alone (stable rustdoc does
//! not check the error codes they name):
//!
//! ```
//! let raw = b"Subject: hello\r\n\r\nHi!\r\n".to_vec();
//! let body;
//! let msg = eml::Message::parse(&raw).unwrap();
//! {
//!     body = msg.root().body_raw();
//! }
//! println!("{:?}", body);
//! let root = msg.root();
//! println!("{:?} {}", root.subject(), msg.part_count());
//! drop(msg);
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::os::raw::{c_char, c_int};
use std::ptr::{self, NonNull};

pub use eml_sys as sys;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// An error code of libeml (API misuse, a limit, out of memory). Malformed
/// mail is never an error: it becomes [`Defect`]s.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    code: c_int,
}

impl Error {
    pub const INVALID: Error = Error {
        code: sys::EML_EINVAL,
    };
    pub const NO_MEMORY: Error = Error {
        code: sys::EML_ENOMEM,
    };
    pub const LIMIT: Error = Error {
        code: sys::EML_ELIMIT,
    };
    pub const NOT_FOUND: Error = Error {
        code: sys::EML_ENOTFOUND,
    };

    /// The C error code (`EML_ENOMEM` is -2, ...).
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The symbolic name, such as "EML_ENOMEM".
    pub fn name(&self) -> &'static str {
        // SAFETY: the library returns a static NUL-terminated string.
        unsafe { static_str(sys::eml_error_name(self.code)) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: a static string, never NULL.
        f.write_str(unsafe { static_str(sys::eml_strerror(self.code)) })
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

fn check(code: c_int) -> Result<()> {
    if code == sys::EML_OK {
        Ok(())
    } else {
        Err(Error { code })
    }
}

unsafe fn static_str(p: *const c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    std::ffi::CStr::from_ptr(p).to_str().unwrap_or("")
}

/// The version of the linked library, "MAJOR.MINOR.PATCH".
pub fn version() -> &'static str {
    // SAFETY: a static string.
    unsafe { static_str(sys::eml_version_string()) }
}

/// The bytes of a slice, or None when the library says absent.
///
/// # Safety
/// `s` must come from the library and stay valid for `'a`.
unsafe fn bytes<'a>(s: sys::eml_slice) -> Option<&'a [u8]> {
    if s.ptr.is_null() {
        None
    } else if s.len == 0 {
        Some(&[])
    } else {
        Some(std::slice::from_raw_parts(s.ptr as *const u8, s.len))
    }
}

/// Library-made text is UTF-8; borrowed as is, replaced lossily otherwise.
fn utf8(b: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(b)
}

fn empty_slice() -> sys::eml_slice {
    sys::eml_slice {
        ptr: ptr::null(),
        len: 0,
    }
}

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/// A parse option (see eml.h for defaults and bounds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    MaxDepth,
    MaxParts,
    MaxFields,
    MaxHeaderBytes,
    /// 1: reaching a limit makes parsing fail with EML_ELIMIT.
    LimitFails,
    MaxAddresses,
    MaxDecodedBytes,
}

impl Limit {
    fn raw(self) -> sys::eml_option {
        match self {
            Limit::MaxDepth => sys::EML_OPT_MAX_DEPTH,
            Limit::MaxParts => sys::EML_OPT_MAX_PARTS,
            Limit::MaxFields => sys::EML_OPT_MAX_FIELDS,
            Limit::MaxHeaderBytes => sys::EML_OPT_MAX_HEADER_BYTES,
            Limit::LimitFails => sys::EML_OPT_LIMIT_FAILS,
            Limit::MaxAddresses => sys::EML_OPT_MAX_ADDRESSES,
            Limit::MaxDecodedBytes => sys::EML_OPT_MAX_DECODED_BYTES,
        }
    }
}

/// Parse options; messages copy what they need, so an `Options` may be
/// dropped while messages parsed with it live on.
pub struct Options {
    ptr: NonNull<sys::eml_options>,
}

impl Options {
    pub fn new() -> Result<Options> {
        // SAFETY: NULL allocator means malloc/free.
        let p = unsafe { sys::eml_options_create(ptr::null()) };
        NonNull::new(p)
            .map(|ptr| Options { ptr })
            .ok_or(Error::NO_MEMORY)
    }

    pub fn set(&mut self, limit: Limit, value: i64) -> Result<&mut Options> {
        // SAFETY: a live options object.
        check(unsafe { sys::eml_options_set(self.ptr.as_ptr(), limit.raw(), value) })?;
        Ok(self)
    }

    pub fn get(&self, limit: Limit) -> Result<i64> {
        let mut v = 0i64;
        // SAFETY: a live options object and a valid out pointer.
        check(unsafe { sys::eml_options_get(self.ptr.as_ptr(), limit.raw(), &mut v) })?;
        Ok(v)
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Options")
    }
}

impl Default for Options {
    /// # Panics
    /// When out of memory.
    fn default() -> Options {
        Options::new().expect("eml_options_create")
    }
}

impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: created by eml_options_create, freed once.
        unsafe { sys::eml_options_free(self.ptr.as_ptr()) }
    }
}

// SAFETY: an options object has no thread affinity; `set` needs &mut.
unsafe impl Send for Options {}
unsafe impl Sync for Options {}

// ---------------------------------------------------------------------------
// Message
// ---------------------------------------------------------------------------

/// A parsed message. Borrows the buffer it was parsed from for `'a`.
///
/// `Message` is `Send` (it may move to another thread) but not `Sync`:
/// libeml caches decoded results inside the message, so one message must
/// not be read from two threads at once.
pub struct Message<'a> {
    ptr: NonNull<sys::eml_message>,
    _buf: PhantomData<&'a [u8]>,
    _not_sync: PhantomData<std::cell::Cell<()>>,
}

// SAFETY: the library keeps no global state; a message may be used from
// any one thread at a time.
unsafe impl Send for Message<'_> {}

impl<'a> Message<'a> {
    /// Parses a whole message. Fails only for out-of-memory (malformed input
    /// gives defects, not errors).
    pub fn parse(buf: &'a [u8]) -> Result<Message<'a>> {
        Self::parse_raw(buf, ptr::null())
    }

    /// Parses with options (limits).
    pub fn parse_with(buf: &'a [u8], options: &Options) -> Result<Message<'a>> {
        Self::parse_raw(buf, options.ptr.as_ptr())
    }

    fn parse_raw(buf: &'a [u8], options: *const sys::eml_options) -> Result<Message<'a>> {
        let mut out = ptr::null_mut();
        // SAFETY: buf is valid for its length and, by 'a, outlives the
        // message; the library does not write to it.
        check(unsafe {
            sys::eml_parse(buf.as_ptr() as *const c_char, buf.len(), options, &mut out)
        })?;
        let ptr = NonNull::new(out).ok_or(Error::NO_MEMORY)?;
        Ok(Message {
            ptr,
            _buf: PhantomData,
            _not_sync: PhantomData,
        })
    }

    /// The top-level entity; its header is the message header.
    pub fn root(&self) -> Part<'_> {
        // SAFETY: never NULL for a live message.
        Part::new(unsafe { sys::eml_message_root(self.ptr.as_ptr()) })
    }

    /// Number of parts in the whole tree, embedded messages included.
    pub fn part_count(&self) -> usize {
        // SAFETY: a live message.
        unsafe { sys::eml_message_part_count(self.ptr.as_ptr()) }
    }

    /// The buffer given to `parse`.
    pub fn buffer(&self) -> &'a [u8] {
        // SAFETY: the caller's buffer, borrowed for 'a.
        unsafe { bytes(sys::eml_message_buffer(self.ptr.as_ptr())) }.unwrap_or(&[])
    }

    /// Every part in pre-order with its depth (shortcut for `root().walk()`).
    pub fn walk(&self) -> Walk<'_> {
        self.root().walk()
    }
}

impl Drop for Message<'_> {
    fn drop(&mut self) {
        // SAFETY: parsed by eml_parse, freed once; no Part or slice can
        // outlive this since they borrow self.
        unsafe { sys::eml_message_free(self.ptr.as_ptr()) }
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("parts", &self.part_count())
            .finish()
    }
}

// ---------------------------------------------------------------------------
// Parts and what they hold
// ---------------------------------------------------------------------------

/// One MIME entity of a message, borrowed from it for `'m`. Copy.
#[derive(Clone, Copy)]
pub struct Part<'m> {
    ptr: NonNull<sys::eml_part>,
    _msg: PhantomData<&'m ()>,
}

/// A header field as it stands in the buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'m> {
    pub name: &'m [u8],
    /// Raw value: after the colon, folding kept.
    pub value: &'m [u8],
    /// Byte offset of the field in the buffer.
    pub offset: usize,
}

/// One address of an address-list field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address<'m> {
    pub name: Option<Cow<'m, str>>,
    pub address: Cow<'m, str>,
    pub group: Option<Cow<'m, str>>,
}

/// A parsed date: seconds since the epoch (UTC) and the zone offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub epoch: i64,
    pub zone_minutes: i32,
}

/// Where the input deviated from the RFCs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Defect {
    pub code: i32,
    pub offset: usize,
}

impl Defect {
    /// The symbolic name without prefix ("LINE_TOO_LONG").
    pub fn name(&self) -> &'static str {
        // SAFETY: a static string.
        unsafe { static_str(sys::eml_defect_name(self.code)) }
    }
    pub fn description(&self) -> &'static str {
        // SAFETY: a static string.
        unsafe { static_str(sys::eml_defect_description(self.code)) }
    }
}

/// Content-Transfer-Encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    SevenBit,
    EightBit,
    Binary,
    Base64,
    QuotedPrintable,
    Uuencode,
    Unknown,
}

impl<'m> Part<'m> {
    fn new(p: *const sys::eml_part) -> Part<'m> {
        Part {
            ptr: NonNull::new(p as *mut _).expect("non-NULL part"),
            _msg: PhantomData,
        }
    }
    fn opt(p: *const sys::eml_part) -> Option<Part<'m>> {
        NonNull::new(p as *mut _).map(|ptr| Part {
            ptr,
            _msg: PhantomData,
        })
    }
    fn raw(&self) -> *const sys::eml_part {
        self.ptr.as_ptr()
    }
    /// A slice the library returned for this part, valid for 'm.
    fn slice(&self, s: sys::eml_slice) -> Option<&'m [u8]> {
        // SAFETY: slices point into the buffer or the message, both alive
        // for 'm.
        unsafe { bytes(s) }
    }

    // -- tree --------------------------------------------------------------

    pub fn parent(&self) -> Option<Part<'m>> {
        Part::opt(unsafe { sys::eml_part_parent(self.raw()) })
    }
    pub fn child_count(&self) -> usize {
        unsafe { sys::eml_part_child_count(self.raw()) }
    }
    /// The children of a multipart, in order.
    pub fn children(&self) -> Children<'m> {
        Children {
            next: Part::opt(unsafe { sys::eml_part_child(self.raw(), 0) }),
        }
    }
    /// For message/rfc822 and message/global: the embedded message's root.
    pub fn embedded(&self) -> Option<Part<'m>> {
        Part::opt(unsafe { sys::eml_part_embedded(self.raw()) })
    }
    /// Nesting depth, 0 for the root.
    pub fn depth(&self) -> usize {
        unsafe { sys::eml_part_depth(self.raw()) }
    }
    /// This part and everything under it in pre-order (embedded messages
    /// included), each with its depth relative to this part.
    pub fn walk(&self) -> Walk<'m> {
        Walk {
            root: *self,
            current: None,
            done: false,
        }
    }
    /// Byte offset of the part's header in the buffer.
    pub fn offset(&self) -> usize {
        unsafe { sys::eml_part_offset(self.raw()) }
    }

    // -- header fields -------------------------------------------------------

    pub fn field_count(&self) -> usize {
        unsafe { sys::eml_part_field_count(self.raw()) }
    }
    pub fn field(&self, index: usize) -> Option<Field<'m>> {
        let mut f = sys::eml_field {
            name: empty_slice(),
            value: empty_slice(),
            offset: 0,
        };
        check(unsafe { sys::eml_part_field(self.raw(), index, &mut f) }).ok()?;
        Some(Field {
            name: self.slice(f.name).unwrap_or(&[]),
            value: self.slice(f.value).unwrap_or(&[]),
            offset: f.offset,
        })
    }
    /// Every header field in order.
    pub fn fields(&self) -> impl Iterator<Item = Field<'m>> + 'm {
        let p = *self;
        (0..p.field_count()).filter_map(move |i| p.field(i))
    }
    /// Index of the first field named `name` (case-insensitive).
    pub fn find_field(&self, name: &str) -> Option<usize> {
        self.find_field_from(name, 0)
    }
    pub fn find_field_from(&self, name: &str, start: usize) -> Option<usize> {
        let mut idx = 0usize;
        check(unsafe {
            sys::eml_part_field_find(
                self.raw(),
                name.as_ptr() as *const c_char,
                name.len(),
                start,
                &mut idx,
            )
        })
        .ok()?;
        Some(idx)
    }
    /// The unfolded value of field `index` (copied once into the message).
    pub fn field_unfolded(&self, index: usize) -> Result<&'m [u8]> {
        let mut s = empty_slice();
        check(unsafe { sys::eml_part_field_unfolded(self.raw(), index, &mut s) })?;
        Ok(self.slice(s).unwrap_or(&[]))
    }
    /// The value of field `index` unfolded, RFC 2047 words decoded, as UTF-8.
    pub fn field_text(&self, index: usize) -> Result<Cow<'m, str>> {
        let mut s = empty_slice();
        check(unsafe { sys::eml_part_field_text(self.raw(), index, &mut s) })?;
        Ok(utf8(self.slice(s).unwrap_or(&[])))
    }
    /// The decoded text of the first field named `name`.
    pub fn header(&self, name: &str) -> Option<Cow<'m, str>> {
        let i = self.find_field(name)?;
        self.field_text(i)
            .ok()
            .or_else(|| self.field_unfolded(i).ok().map(utf8))
    }
    /// The Subject, decoded.
    pub fn subject(&self) -> Option<Cow<'m, str>> {
        self.header("subject")
    }
    /// The addresses of field `index`.
    pub fn field_addresses(&self, index: usize) -> Result<Vec<Address<'m>>> {
        let mut count = 0usize;
        check(unsafe {
            sys::eml_part_field_addresses(self.raw(), index, ptr::null_mut(), 0, &mut count)
        })?;
        let blank = sys::eml_address {
            name: empty_slice(),
            address: empty_slice(),
            group: empty_slice(),
        };
        let mut v = vec![blank; count];
        let mut again = 0usize;
        check(unsafe {
            sys::eml_part_field_addresses(self.raw(), index, v.as_mut_ptr(), count, &mut again)
        })?;
        v.truncate(again.min(count));
        Ok(v.into_iter()
            .map(|a| Address {
                name: self.slice(a.name).map(utf8),
                address: utf8(self.slice(a.address).unwrap_or(&[])),
                group: self.slice(a.group).map(utf8),
            })
            .collect())
    }
    /// The addresses of the first field named `name` (a repeated From is
    /// not merged in); empty when there is none.
    pub fn addresses(&self, name: &str) -> Result<Vec<Address<'m>>> {
        match self.find_field(name) {
            Some(i) => self.field_addresses(i),
            None => Ok(Vec::new()),
        }
    }
    pub fn from(&self) -> Result<Vec<Address<'m>>> {
        self.addresses("from")
    }
    pub fn to(&self) -> Result<Vec<Address<'m>>> {
        self.addresses("to")
    }
    pub fn cc(&self) -> Result<Vec<Address<'m>>> {
        self.addresses("cc")
    }
    /// The Date field, or None when absent or not a date.
    pub fn date(&self) -> Option<Date> {
        let i = self.find_field("date")?;
        self.field_date(i).ok()
    }
    pub fn field_date(&self, index: usize) -> Result<Date> {
        let (mut epoch, mut zone) = (0i64, 0 as c_int);
        check(unsafe { sys::eml_part_field_date(self.raw(), index, &mut epoch, &mut zone) })?;
        Ok(Date {
            epoch,
            zone_minutes: zone,
        })
    }
    /// Message ids of field `index`, without angle brackets.
    pub fn field_msgids(&self, index: usize) -> Result<Vec<&'m [u8]>> {
        let mut count = 0usize;
        check(unsafe {
            sys::eml_part_field_msgids(self.raw(), index, ptr::null_mut(), 0, &mut count)
        })?;
        let mut v = vec![empty_slice(); count];
        let mut again = 0usize;
        check(unsafe {
            sys::eml_part_field_msgids(self.raw(), index, v.as_mut_ptr(), count, &mut again)
        })?;
        v.truncate(again.min(count));
        Ok(v.into_iter()
            .map(|s| self.slice(s).unwrap_or(&[]))
            .collect())
    }
    /// The Message-ID without angle brackets.
    pub fn message_id(&self) -> Option<&'m [u8]> {
        let i = self.find_field("message-id")?;
        self.field_msgids(i).ok()?.into_iter().next()
    }
    /// The raw header block.
    pub fn header_raw(&self) -> &'m [u8] {
        self.slice(unsafe { sys::eml_part_header_raw(self.raw()) })
            .unwrap_or(&[])
    }

    // -- content type --------------------------------------------------------

    fn text_of(&self, s: sys::eml_slice) -> Option<Cow<'m, str>> {
        self.slice(s).map(utf8)
    }
    /// "type/subtype", lowercased.
    pub fn content_type(&self) -> Cow<'m, str> {
        self.text_of(unsafe { sys::eml_part_content_type(self.raw()) })
            .unwrap_or(Cow::Borrowed(""))
    }
    pub fn media_type(&self) -> Cow<'m, str> {
        self.text_of(unsafe { sys::eml_part_type(self.raw()) })
            .unwrap_or(Cow::Borrowed(""))
    }
    pub fn media_subtype(&self) -> Cow<'m, str> {
        self.text_of(unsafe { sys::eml_part_subtype(self.raw()) })
            .unwrap_or(Cow::Borrowed(""))
    }
    pub fn is_multipart(&self) -> bool {
        self.media_type() == "multipart"
    }
    /// A Content-Type parameter (case-insensitive name), decoded to UTF-8.
    pub fn param(&self, name: &str) -> Option<Cow<'m, str>> {
        self.text_of(unsafe {
            sys::eml_part_param_get(self.raw(), name.as_ptr() as *const c_char, name.len())
        })
    }
    /// A Content-Disposition parameter.
    pub fn disposition_param(&self, name: &str) -> Option<Cow<'m, str>> {
        self.text_of(unsafe {
            sys::eml_part_disposition_param_get(
                self.raw(),
                name.as_ptr() as *const c_char,
                name.len(),
            )
        })
    }
    /// "attachment", "inline", or None.
    pub fn disposition(&self) -> Option<Cow<'m, str>> {
        self.text_of(unsafe { sys::eml_part_disposition(self.raw()) })
    }
    /// Content-Disposition filename, else Content-Type name.
    pub fn filename(&self) -> Option<Cow<'m, str>> {
        self.text_of(unsafe { sys::eml_part_filename(self.raw()) })
    }
    pub fn encoding(&self) -> Encoding {
        match unsafe { sys::eml_part_encoding(self.raw()) } {
            sys::EML_ENCODING_7BIT => Encoding::SevenBit,
            sys::EML_ENCODING_8BIT => Encoding::EightBit,
            sys::EML_ENCODING_BINARY => Encoding::Binary,
            sys::EML_ENCODING_BASE64 => Encoding::Base64,
            sys::EML_ENCODING_QUOTED_PRINTABLE => Encoding::QuotedPrintable,
            sys::EML_ENCODING_UUENCODE => Encoding::Uuencode,
            _ => Encoding::Unknown,
        }
    }
    /// The Content-ID without angle brackets.
    pub fn content_id(&self) -> Option<&'m [u8]> {
        self.slice(unsafe { sys::eml_part_content_id(self.raw()) })
    }

    // -- bodies --------------------------------------------------------------

    /// The raw body, a slice of the input buffer.
    pub fn body_raw(&self) -> &'m [u8] {
        self.slice(unsafe { sys::eml_part_body_raw(self.raw()) })
            .unwrap_or(&[])
    }
    pub fn preamble(&self) -> Option<&'m [u8]> {
        self.slice(unsafe { sys::eml_part_preamble(self.raw()) })
    }
    pub fn epilogue(&self) -> Option<&'m [u8]> {
        self.slice(unsafe { sys::eml_part_epilogue(self.raw()) })
    }
    /// The transfer-decoded body: the raw body itself for identity
    /// encodings, else decoded once into the message and cached.
    pub fn decoded(&self) -> Result<&'m [u8]> {
        let mut s = empty_slice();
        check(unsafe { sys::eml_part_decoded(self.raw(), &mut s) })?;
        Ok(self.slice(s).unwrap_or(&[]))
    }
    /// The exact decoded size (decodes base64 and quoted-printable, cached).
    pub fn decoded_size(&self) -> Result<usize> {
        let mut n = 0usize;
        check(unsafe { sys::eml_part_decoded_size(self.raw(), &mut n) })?;
        Ok(n)
    }
    /// A text part's body, decoded and converted to UTF-8 (cached).
    pub fn text(&self) -> Result<Cow<'m, str>> {
        let mut s = empty_slice();
        check(unsafe { sys::eml_part_text(self.raw(), &mut s) })?;
        Ok(utf8(self.slice(s).unwrap_or(&[])))
    }

    // -- the message view ----------------------------------------------------

    /// The text/plain part a reader shows as this entity's body.
    pub fn best_text(&self) -> Option<Part<'m>> {
        Part::opt(unsafe { sys::eml_part_best_text(self.raw()) })
    }
    /// The text/html part that is this entity's body.
    pub fn best_html(&self) -> Option<Part<'m>> {
        Part::opt(unsafe { sys::eml_part_best_html(self.raw()) })
    }
    /// The body as text: the best text/plain part, else the best HTML
    /// rendered as text. None when there is neither.
    pub fn body_text(&self) -> Result<Option<Cow<'m, str>>> {
        let mut s = empty_slice();
        match unsafe { sys::eml_part_body_text(self.raw(), &mut s) } {
            sys::EML_ENOTFOUND => Ok(None),
            code => {
                check(code)?;
                Ok(Some(utf8(self.slice(s).unwrap_or(&[]))))
            }
        }
    }
    /// The attachments under this entity, in document order.
    pub fn attachments(&self) -> Result<PartList<'m>> {
        self.list(sys::eml_part_attachments)
    }
    /// The inline parts under this entity (related pictures, inline parts).
    pub fn inline_parts(&self) -> Result<PartList<'m>> {
        self.list(sys::eml_part_inline_parts)
    }
    fn list(
        &self,
        f: unsafe extern "C" fn(
            *const sys::eml_part,
            *mut *const *const sys::eml_part,
            *mut usize,
        ) -> c_int,
    ) -> Result<PartList<'m>> {
        let mut parts: *const *const sys::eml_part = ptr::null();
        let mut count = 0usize;
        check(unsafe { f(self.raw(), &mut parts, &mut count) })?;
        let items: &'m [*const sys::eml_part] = if parts.is_null() || count == 0 {
            &[]
        } else {
            // SAFETY: an array of count parts owned by the message.
            unsafe { std::slice::from_raw_parts(parts, count) }
        };
        Ok(PartList {
            items: items.iter(),
            _msg: PhantomData,
        })
    }
    /// The first part under this entity whose Content-ID is `cid`
    /// ("cid:x", "<x>" or "x").
    pub fn find_content_id(&self, cid: &str) -> Option<Part<'m>> {
        Part::opt(unsafe {
            sys::eml_part_find_content_id(self.raw(), cid.as_ptr() as *const c_char, cid.len())
        })
    }

    /// Defects recorded on this part so far (decoding may add more).
    pub fn defects(&self) -> Vec<Defect> {
        let n = unsafe { sys::eml_part_defect_count(self.raw()) };
        (0..n)
            .filter_map(|i| {
                let mut d = sys::eml_defect { code: 0, offset: 0 };
                check(unsafe { sys::eml_part_defect(self.raw(), i, &mut d) }).ok()?;
                Some(Defect {
                    code: d.code,
                    offset: d.offset,
                })
            })
            .collect()
    }
}

impl PartialEq for Part<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl Eq for Part<'_> {}

impl fmt::Debug for Part<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("content_type", &self.content_type())
            .field("depth", &self.depth())
            .finish()
    }
}

/// The children of a multipart.
#[derive(Clone)]
pub struct Children<'m> {
    next: Option<Part<'m>>,
}

impl<'m> Iterator for Children<'m> {
    type Item = Part<'m>;
    fn next(&mut self) -> Option<Part<'m>> {
        let p = self.next?;
        self.next = Part::opt(unsafe { sys::eml_part_next(p.raw()) });
        Some(p)
    }
}

/// A pre-order walk: (depth relative to the walk's root, part).
#[derive(Clone)]
pub struct Walk<'m> {
    root: Part<'m>,
    current: Option<Part<'m>>,
    done: bool,
}

impl<'m> Iterator for Walk<'m> {
    type Item = (usize, Part<'m>);
    fn next(&mut self) -> Option<(usize, Part<'m>)> {
        if self.done {
            return None;
        }
        let mut depth = 0usize;
        let from = self.current.map_or(ptr::null(), |p| p.raw());
        // SAFETY: `from` is NULL or a part this walk returned for root.
        let next = Part::opt(unsafe { sys::eml_part_walk_next(self.root.raw(), from, &mut depth) });
        match next {
            Some(p) => {
                self.current = Some(p);
                Some((depth, p))
            }
            None => {
                self.done = true;
                None
            }
        }
    }
}

/// Attachments or inline parts: an array owned by the message.
#[derive(Clone)]
pub struct PartList<'m> {
    items: std::slice::Iter<'m, *const sys::eml_part>,
    _msg: PhantomData<&'m ()>,
}

impl<'m> Iterator for PartList<'m> {
    type Item = Part<'m>;
    fn next(&mut self) -> Option<Part<'m>> {
        self.items.next().map(|&p| Part::new(p))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}
impl ExactSizeIterator for PartList<'_> {}
impl<'m> DoubleEndedIterator for PartList<'m> {
    fn next_back(&mut self) -> Option<Part<'m>> {
        self.items.next_back().map(|&p| Part::new(p))
    }
}

// ---------------------------------------------------------------------------
// HTML to text
// ---------------------------------------------------------------------------

/// Renders UTF-8 HTML as plain text (a new String).
pub fn html_to_text(html: &str) -> String {
    let cap = unsafe { sys::eml_html_to_text_size_max(html.len()) };
    let mut out: Vec<u8> = vec![0; cap.max(1)];
    let mut written = 0usize;
    // SAFETY: out has the size the library asks for.
    let rc = unsafe {
        sys::eml_html_to_text(
            html.as_ptr() as *const c_char,
            html.len(),
            out.as_mut_ptr() as *mut c_char,
            out.len(),
            &mut written,
        )
    };
    if rc != sys::EML_OK {
        return String::new();
    }
    out.truncate(written);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

// ---------------------------------------------------------------------------
// Mailboxes
// ---------------------------------------------------------------------------

/// mbox variants (RFC 4155).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MboxFormat {
    /// mboxrd when some line is ">>From ", else mboxo.
    Auto,
    Mboxo,
    Mboxrd,
    Mboxcl2,
}

/// One message of a mailbox.
#[derive(Clone, Debug)]
pub struct MboxMessage<'a> {
    /// The message bytes: borrowed from the mailbox when nothing needed
    /// unquoting, else an owned copy of the unquoted bytes.
    pub data: Cow<'a, [u8]>,
    /// Offset of the message's first byte in the mailbox.
    pub offset: usize,
    /// The From_ line without its line break (empty for text before the
    /// first one).
    pub from_line: &'a [u8],
}

impl MboxMessage<'_> {
    /// Parses this message; the result borrows `self`.
    pub fn parse(&self) -> Result<Message<'_>> {
        Message::parse(&self.data)
    }
}

/// An iterator over the messages of an mbox held in memory.
pub struct Mbox<'a> {
    ptr: NonNull<sys::eml_mbox>,
    buf: &'a [u8],
    done: bool,
}

// SAFETY: the iterator has no thread affinity.
unsafe impl Send for Mbox<'_> {}

impl<'a> Mbox<'a> {
    pub fn new(buf: &'a [u8]) -> Result<Mbox<'a>> {
        Self::with_format(buf, MboxFormat::Auto)
    }
    pub fn with_format(buf: &'a [u8], format: MboxFormat) -> Result<Mbox<'a>> {
        let f = match format {
            MboxFormat::Auto => sys::EML_MBOX_AUTO,
            MboxFormat::Mboxo => sys::EML_MBOX_MBOXO,
            MboxFormat::Mboxrd => sys::EML_MBOX_MBOXRD,
            MboxFormat::Mboxcl2 => sys::EML_MBOX_MBOXCL2,
        };
        let mut out = ptr::null_mut();
        // SAFETY: buf outlives the iterator by 'a.
        check(unsafe {
            sys::eml_mbox_create(
                buf.as_ptr() as *const c_char,
                buf.len(),
                f,
                ptr::null(),
                &mut out,
            )
        })?;
        let ptr = NonNull::new(out).ok_or(Error::NO_MEMORY)?;
        Ok(Mbox {
            ptr,
            buf,
            done: false,
        })
    }

    /// The format in use (what Auto detected).
    pub fn format(&self) -> MboxFormat {
        match unsafe { sys::eml_mbox_resolved_format(self.ptr.as_ptr()) } {
            sys::EML_MBOX_MBOXO => MboxFormat::Mboxo,
            sys::EML_MBOX_MBOXRD => MboxFormat::Mboxrd,
            sys::EML_MBOX_MBOXCL2 => MboxFormat::Mboxcl2,
            _ => MboxFormat::Auto,
        }
    }

    /// `s` as a slice of the mailbox when it lies inside it.
    fn in_buf(&self, s: &[u8]) -> Option<&'a [u8]> {
        let start = self.buf.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        if p >= start && p + s.len() <= start + self.buf.len() {
            Some(&self.buf[p - start..p - start + s.len()])
        } else {
            None
        }
    }
}

impl<'a> Iterator for Mbox<'a> {
    type Item = Result<MboxMessage<'a>>;
    fn next(&mut self) -> Option<Result<MboxMessage<'a>>> {
        if self.done {
            return None;
        }
        let mut s = empty_slice();
        let mut offset = 0usize;
        match unsafe { sys::eml_mbox_next(self.ptr.as_ptr(), &mut s, &mut offset) } {
            sys::EML_OK => {}
            sys::EML_ENOTFOUND => {
                self.done = true;
                return None;
            }
            code => {
                self.done = true;
                return Some(Err(Error { code }));
            }
        }
        // SAFETY: valid until the next eml_mbox_next; copied below unless it
        // is a slice of the mailbox itself.
        let msg = unsafe { bytes(s) }.unwrap_or(&[]);
        let data = match self.in_buf(msg) {
            Some(b) => Cow::Borrowed(b),
            None => Cow::Owned(msg.to_vec()),
        };
        let from = unsafe { bytes(sys::eml_mbox_from_line(self.ptr.as_ptr())) }.unwrap_or(&[]);
        let from_line = self.in_buf(from).unwrap_or(&[]);
        Some(Ok(MboxMessage {
            data,
            offset,
            from_line,
        }))
    }
}

impl Drop for Mbox<'_> {
    fn drop(&mut self) {
        // SAFETY: created by eml_mbox_create, freed once.
        unsafe { sys::eml_mbox_free(self.ptr.as_ptr()) }
    }
}
