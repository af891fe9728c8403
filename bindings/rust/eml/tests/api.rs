//! The binding on messages written here.
use eml::{Encoding, Limit, Mbox, MboxFormat, Message, Options};

const MIXED: &[u8] = b"From: \"Ann Example\" <ann@example.org>\r\n\
To: bob@example.com, Group: carl@example.net, dora@example.net;\r\n\
Subject: =?utf-8?q?caf=C3=A9?= menu\r\n\
Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n\
Message-ID: <abc@example.org>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
\r\n\
preamble\r\n\
--outer\r\n\
Content-Type: multipart/alternative; boundary=\"alt\"\r\n\
\r\n\
--alt\r\n\
Content-Type: text/plain; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Caf=E9 au lait\r\n\
--alt\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>Caf&eacute; <b>au</b> lait</p>\r\n\
--alt--\r\n\
--outer\r\n\
Content-Type: application/octet-stream; name=\"data.bin\"\r\n\
Content-Disposition: attachment; filename=\"data.bin\"\r\n\
Content-Transfer-Encoding: base64\r\n\
Content-ID: <part1@example.org>\r\n\
\r\n\
AAECAwQFBgc=\r\n\
--outer--\r\n";

#[test]
fn header_semantics() {
    let msg = Message::parse(MIXED).unwrap();
    let root = msg.root();
    assert_eq!(root.subject().as_deref(), Some("café menu"));
    let from = root.from().unwrap();
    assert_eq!(from.len(), 1);
    assert_eq!(from[0].name.as_deref(), Some("Ann Example"));
    assert_eq!(from[0].address, "ann@example.org");
    let to = root.to().unwrap();
    let addrs: Vec<&str> = to.iter().map(|a| a.address.as_ref()).collect();
    assert_eq!(
        addrs,
        ["bob@example.com", "carl@example.net", "dora@example.net"]
    );
    assert_eq!(to[0].group, None);
    assert_eq!(to[1].group.as_deref(), Some("Group"));
    assert!(root.cc().unwrap().is_empty());
    let date = root.date().unwrap();
    assert_eq!(date.epoch, 1057049557);
    assert_eq!(date.zone_minutes, 120);
    assert_eq!(root.message_id(), Some(&b"abc@example.org"[..]));
    assert_eq!(root.field_count(), 7);
    let names: Vec<&[u8]> = root.fields().map(|f| f.name).collect();
    assert_eq!(names[0], b"From");
    assert!(root.header("X-Missing").is_none());
}

#[test]
fn tree_and_walk() {
    let msg = Message::parse(MIXED).unwrap();
    assert_eq!(msg.part_count(), 5);
    let walked: Vec<(usize, String)> = msg
        .walk()
        .map(|(d, p)| (d, p.content_type().into_owned()))
        .collect();
    assert_eq!(
        walked,
        [
            (0, "multipart/mixed".to_string()),
            (1, "multipart/alternative".to_string()),
            (2, "text/plain".to_string()),
            (2, "text/html".to_string()),
            (1, "application/octet-stream".to_string()),
        ]
    );
    let root = msg.root();
    assert!(root.is_multipart());
    assert_eq!(root.child_count(), 2);
    assert_eq!(root.children().count(), 2);
    assert_eq!(root.preamble(), Some(&b"preamble"[..]));
    let alt = root.children().next().unwrap();
    assert_eq!(alt.parent(), Some(root));
    assert_eq!(alt.depth(), 1);
    // A walk from an inner part stays inside it.
    assert_eq!(alt.walk().count(), 3);
}

#[test]
fn message_view() {
    let msg = Message::parse(MIXED).unwrap();
    let root = msg.root();
    let text = root.best_text().unwrap();
    assert_eq!(text.media_subtype(), "plain");
    assert_eq!(text.encoding(), Encoding::QuotedPrintable);
    assert_eq!(text.param("charset").as_deref(), Some("iso-8859-1"));
    assert_eq!(text.decoded().unwrap(), b"Caf\xe9 au lait");
    assert_eq!(text.text().unwrap(), "Café au lait");
    let html = root.best_html().unwrap();
    assert_eq!(html.content_type(), "text/html");
    assert_eq!(root.body_text().unwrap().as_deref(), Some("Café au lait"));
    assert!(eml::html_to_text(&html.text().unwrap()).contains("Café au lait"));

    let atts: Vec<_> = root.attachments().unwrap().collect();
    assert_eq!(atts.len(), 1);
    let a = atts[0];
    assert_eq!(a.filename().as_deref(), Some("data.bin"));
    assert_eq!(a.disposition().as_deref(), Some("attachment"));
    assert_eq!(a.encoding(), Encoding::Base64);
    assert_eq!(a.decoded_size().unwrap(), 8);
    assert_eq!(a.decoded().unwrap(), &[0, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(a.content_id(), Some(&b"part1@example.org"[..]));
    assert_eq!(root.find_content_id("cid:part1@example.org"), Some(a));
    assert_eq!(root.find_content_id("<part1@example.org>"), Some(a));
    assert_eq!(root.find_content_id("nothing"), None);
    assert_eq!(root.attachments().unwrap().len(), 1);
}

#[test]
fn html_only_body_is_rendered() {
    let raw = b"Content-Type: text/html\r\n\r\n<html><head><style>x{}</style></head><body><p>Hello</p><p>World &amp; co</p></body></html>\r\n";
    let msg = Message::parse(raw).unwrap();
    let root = msg.root();
    assert!(root.best_text().is_none());
    assert!(root.best_html().is_some());
    let body = root.body_text().unwrap().unwrap();
    assert!(body.contains("Hello"), "{:?}", body);
    assert!(body.contains("World & co"), "{:?}", body);
    assert!(!body.contains("x{}"));
}

#[test]
fn no_body_text() {
    let raw =
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n";
    let msg = Message::parse(raw).unwrap();
    assert_eq!(msg.root().body_text().unwrap(), None);
}

#[test]
fn embedded_message() {
    let raw = b"Subject: outer\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n\
Content-Type: message/rfc822\r\n\r\nSubject: inner\r\nFrom: x@y.z\r\n\r\ninner body\r\n--b--\r\n";
    let msg = Message::parse(raw).unwrap();
    let depths: Vec<usize> = msg.walk().map(|(d, _)| d).collect();
    assert_eq!(depths, [0, 1, 1, 2]);
    let rfc822 = msg.root().children().nth(1).unwrap();
    let inner = rfc822.embedded().unwrap();
    assert_eq!(inner.subject().as_deref(), Some("inner"));
    assert_eq!(inner.from().unwrap()[0].address, "x@y.z");
    assert_eq!(inner.body_text().unwrap().as_deref(), Some("inner body"));
    assert_eq!(msg.part_count(), 4);
}

#[test]
fn defects_not_errors() {
    let raw = b"Subject: broken\r\nContent-Type: multipart/mixed\r\n\r\nno boundary here\r\n";
    let msg = Message::parse(raw).unwrap();
    let d = msg.root().defects();
    assert!(
        d.iter().any(|d| d.name() == "MULTIPART_NO_BOUNDARY"),
        "{:?}",
        d
    );
    assert!(!d[0].description().is_empty());
}

#[test]
fn slices_point_into_the_buffer() {
    let msg = Message::parse(MIXED).unwrap();
    let body = msg.root().children().nth(1).unwrap().body_raw();
    let start = MIXED.as_ptr() as usize;
    let p = body.as_ptr() as usize;
    assert!(p >= start && p + body.len() <= start + MIXED.len());
    assert_eq!(msg.buffer().as_ptr(), MIXED.as_ptr());
}

#[test]
fn options_and_errors() {
    let mut o = Options::new().unwrap();
    assert_eq!(o.get(Limit::MaxDepth).unwrap(), 100);
    let e = o.set(Limit::MaxDepth, 0).unwrap_err();
    assert_eq!(e.name(), "EML_EOPTION");
    assert!(!e.to_string().is_empty());
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(format!("{}", boxed).len() > 3);

    o.set(Limit::MaxParts, 2)
        .unwrap()
        .set(Limit::LimitFails, 1)
        .unwrap();
    let e = Message::parse_with(MIXED, &o).unwrap_err();
    assert_eq!(e, eml::Error::LIMIT);
    o.set(Limit::LimitFails, 0).unwrap();
    let msg = Message::parse_with(MIXED, &o).unwrap();
    drop(o);
    assert_eq!(msg.part_count(), 2);
}

#[test]
fn message_moves_to_another_thread() {
    let raw: &'static [u8] = MIXED;
    let msg = Message::parse(raw).unwrap();
    let n = std::thread::spawn(move || msg.part_count()).join().unwrap();
    assert_eq!(n, 5);
}

const MBOX: &[u8] = b"From ann@example.org Mon Jan  1 00:00:00 2024\n\
Subject: one\n\nfirst\n>From here\n\n\
From bob@example.org Mon Jan  1 00:00:01 2024\n\
Subject: two\n\nsecond\n\n\
From carl@example.org Mon Jan  1 00:00:02 2024\n\
Subject: three\n\n>>From quoted\n";

#[test]
fn mailbox() {
    let subjects: Vec<String> = Mbox::new(MBOX)
        .unwrap()
        .map(|m| {
            let m = m.unwrap();
            let msg = m.parse().unwrap();
            let s = msg.root().subject().unwrap().into_owned();
            s
        })
        .collect();
    assert_eq!(subjects, ["one", "two", "three"]);

    let mut mb = Mbox::with_format(MBOX, MboxFormat::Mboxo).unwrap();
    let first = mb.next().unwrap().unwrap();
    assert_eq!(
        first.from_line,
        b"From ann@example.org Mon Jan  1 00:00:00 2024"
    );
    // Unquoting made a copy.
    assert!(matches!(first.data, std::borrow::Cow::Owned(_)));
    assert!(
        first.data.ends_with(b"first\nFrom here\n"),
        "{:?}",
        String::from_utf8_lossy(&first.data)
    );
    let second = mb.next().unwrap().unwrap();
    // Nothing to unquote: a slice of the mailbox.
    assert!(matches!(second.data, std::borrow::Cow::Borrowed(_)));
    assert_eq!(&MBOX[second.offset..second.offset + 6], b"Subjec");
    let third = mb.next().unwrap().unwrap();
    assert!(third.data.ends_with(b">From quoted\n"));
    assert!(mb.next().is_none());
    assert!(mb.next().is_none());
}

#[test]
fn version_is_two() {
    assert!(eml::version().starts_with("2."));
}
