//! Agreement with the `eml json` tool over every message of the corpus of
//! real mail (../shared/corpus next to the source tree, or $EML_CORPUS):
//! subject, From and To, the number of parts, and for every attachment its
//! decoded size against the size the tool reports for the same part (the
//! parts are matched by their place in the pre-order walk).
//!
//! Skipped, with a line on stderr, when the corpus or the tool is absent.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A line on stderr that the test harness does not capture, so that a skip
/// or the summary shows in `make check`'s log.
fn note(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{}", line);
}

mod json {
    //! Just enough JSON for the tool's output.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(f64),
        Str(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<&Value> {
            match self {
                Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }
        pub fn str(&self) -> Option<&str> {
            match self {
                Value::Str(s) => Some(s),
                _ => None,
            }
        }
        pub fn array(&self) -> &[Value] {
            match self {
                Value::Array(a) => a,
                _ => &[],
            }
        }
        pub fn number(&self) -> Option<f64> {
            match self {
                Value::Number(n) => Some(*n),
                _ => None,
            }
        }
    }

    pub fn parse(text: &str) -> Result<Value, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing bytes at {}", p.i));
        }
        Ok(v)
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
        }
        fn eat(&mut self, c: u8) -> Result<(), String> {
            self.ws();
            if self.s.get(self.i) == Some(&c) {
                self.i += 1;
                Ok(())
            } else {
                Err(format!("expected '{}' at {}", c as char, self.i))
            }
        }
        fn lit(&mut self, word: &str, v: Value) -> Result<Value, String> {
            if self.s[self.i..].starts_with(word.as_bytes()) {
                self.i += word.len();
                Ok(v)
            } else {
                Err(format!("bad literal at {}", self.i))
            }
        }
        fn value(&mut self) -> Result<Value, String> {
            self.ws();
            match self.s.get(self.i).copied() {
                Some(b'{') => {
                    self.i += 1;
                    let mut m = Vec::new();
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Value::Object(m));
                    }
                    loop {
                        self.ws();
                        let k = self.string()?;
                        self.eat(b':')?;
                        let v = self.value()?;
                        m.push((k, v));
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                return Ok(Value::Object(m));
                            }
                            _ => return Err(format!("bad object at {}", self.i)),
                        }
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    let mut a = Vec::new();
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Value::Array(a));
                    }
                    loop {
                        a.push(self.value()?);
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                return Ok(Value::Array(a));
                            }
                            _ => return Err(format!("bad array at {}", self.i)),
                        }
                    }
                }
                Some(b'"') => Ok(Value::Str(self.string()?)),
                Some(b't') => self.lit("true", Value::Bool(true)),
                Some(b'f') => self.lit("false", Value::Bool(false)),
                Some(b'n') => self.lit("null", Value::Null),
                Some(_) => {
                    let start = self.i;
                    while self.i < self.s.len()
                        && matches!(
                            self.s[self.i],
                            b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                        )
                    {
                        self.i += 1;
                    }
                    let t = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                    t.parse()
                        .map(Value::Number)
                        .map_err(|_| format!("bad number at {}", start))
                }
                None => Err("unexpected end".to_string()),
            }
        }
        fn hex4(&mut self) -> Result<u32, String> {
            let h = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
            self.i += 4;
            u32::from_str_radix(std::str::from_utf8(h).map_err(|e| e.to_string())?, 16)
                .map_err(|e| e.to_string())
        }
        fn string(&mut self) -> Result<String, String> {
            self.eat(b'"')?;
            let mut out: Vec<u8> = Vec::new();
            loop {
                let c = *self.s.get(self.i).ok_or("unterminated string")?;
                self.i += 1;
                match c {
                    b'"' => return String::from_utf8(out).map_err(|e| e.to_string()),
                    b'\\' => {
                        let e = *self.s.get(self.i).ok_or("bad escape")?;
                        self.i += 1;
                        let ch = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let mut u = self.hex4()?;
                                if (0xD800..0xDC00).contains(&u)
                                    && self.s[self.i..].starts_with(b"\\u")
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    u = 0x10000
                                        + ((u - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF);
                                }
                                char::from_u32(u).unwrap_or('\u{FFFD}')
                            }
                            _ => return Err(format!("bad escape at {}", self.i)),
                        };
                        let mut b = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                    }
                    _ => out.push(c),
                }
            }
        }
    }

    #[test]
    fn reads_what_it_should() {
        let v = parse(r#"{"a":[1,-2.5e1,true,null],"b":"x\"\u00e9\ud83d\ude00","c":{}}"#).unwrap();
        assert_eq!(v.get("a").unwrap().array().len(), 4);
        assert_eq!(v.get("a").unwrap().array()[1].number(), Some(-25.0));
        assert_eq!(v.get("b").unwrap().str(), Some("x\"é😀"));
        assert!(parse("[1,]").is_err());
    }
}

use json::Value;

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("EML_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| source_root().join("../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        None
    }
}

fn tool() -> Option<PathBuf> {
    let t = match std::env::var_os("EML_TOOL") {
        Some(t) => PathBuf::from(t),
        None => {
            let build = std::env::var_os("EML_BUILD")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("build"));
            let build = if build.is_absolute() {
                build
            } else {
                source_root().join(build)
            };
            build.join("eml")
        }
    };
    if t.is_file() {
        Some(t)
    } else {
        None
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// The tool's rule: a file that starts with a From_ line (after a byte order
/// mark) and is not named *.eml is an mbox.
fn is_mbox(path: &Path, data: &[u8]) -> bool {
    let d = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    d.starts_with(b"From ")
        && path
            .extension()
            .map_or(true, |e| !e.eq_ignore_ascii_case("eml"))
}

/// The tool's parts in pre-order, as the library walks them.
fn json_parts<'v>(part: &'v Value, out: &mut Vec<&'v Value>) {
    out.push(part);
    for c in part.get("parts").map(Value::array).unwrap_or(&[]) {
        json_parts(c, out);
    }
    if let Some(body) = part.get("message").and_then(|m| m.get("body")) {
        json_parts(body, out);
    }
}

fn json_addresses(v: Option<&Value>) -> Vec<(Option<String>, String, Option<String>)> {
    v.map(Value::array)
        .unwrap_or(&[])
        .iter()
        .map(|a| {
            (
                a.get("name").and_then(Value::str).map(str::to_string),
                a.get("address")
                    .and_then(Value::str)
                    .unwrap_or("")
                    .to_string(),
                a.get("group").and_then(Value::str).map(str::to_string),
            )
        })
        .collect()
}

fn rust_addresses(list: Vec<eml::Address<'_>>) -> Vec<(Option<String>, String, Option<String>)> {
    list.into_iter()
        .map(|a| {
            (
                a.name.map(|n| n.into_owned()),
                a.address.into_owned(),
                a.group.map(|g| g.into_owned()),
            )
        })
        .collect()
}

/// Compares one message; returns what disagrees.
fn compare(
    label: &str,
    raw: &[u8],
    want: &Value,
    stats: &mut BTreeMap<&'static str, usize>,
) -> Vec<String> {
    let mut bad = Vec::new();
    let msg = match eml::Message::parse(raw) {
        Ok(m) => m,
        Err(e) => return vec![format!("{}: parse failed: {}", label, e)],
    };
    let root = msg.root();

    let subject = root.subject().map(|s| s.into_owned());
    let want_subject = want.get("subject").and_then(Value::str).map(str::to_string);
    if subject != want_subject {
        bad.push(format!(
            "{}: subject {:?} vs {:?}",
            label, subject, want_subject
        ));
    }
    *stats.entry("subjects").or_default() += 1;

    for (field, key) in [("from", "from"), ("to", "to")] {
        let got = rust_addresses(root.addresses(field).unwrap_or_default());
        let w = json_addresses(want.get(key));
        *stats.entry("addresses").or_default() += got.len();
        if got != w {
            bad.push(format!("{}: {} {:?} vs {:?}", label, field, got, w));
        }
    }

    let mut jparts = Vec::new();
    if let Some(body) = want.get("body") {
        json_parts(body, &mut jparts);
    }
    let walked: Vec<eml::Part<'_>> = msg.walk().map(|(_, p)| p).collect();
    *stats.entry("parts").or_default() += walked.len();
    if msg.part_count() != jparts.len() || walked.len() != jparts.len() {
        bad.push(format!(
            "{}: {} parts ({} walked) vs {}",
            label,
            msg.part_count(),
            walked.len(),
            jparts.len()
        ));
        return bad;
    }
    for (i, (p, j)) in walked.iter().zip(&jparts).enumerate() {
        let t = j.get("type").and_then(Value::str).unwrap_or("");
        if p.content_type() != t {
            bad.push(format!(
                "{}: part {} is {} vs {}",
                label,
                i,
                p.content_type(),
                t
            ));
        }
    }
    match root.attachments() {
        Err(e) => bad.push(format!("{}: attachments: {}", label, e)),
        Ok(list) => {
            for a in list {
                *stats.entry("attachments").or_default() += 1;
                let i = match walked.iter().position(|p| *p == a) {
                    Some(i) => i,
                    None => {
                        bad.push(format!("{}: attachment not in the walk", label));
                        continue;
                    }
                };
                let size = a.decoded_size().ok();
                let decoded = a.decoded().ok().map(<[u8]>::len);
                // The tool gives sizes for leaves; an attached message
                // (message/rfc822) shows its parsed message instead, and
                // its body is kept as is, so its size is the raw body's.
                let want_size = match jparts[i].get("size") {
                    Some(v) => v.number().map(|n| n as usize),
                    None if jparts[i].get("message").is_some() => {
                        *stats.entry("attached messages").or_default() += 1;
                        Some(a.body_raw().len())
                    }
                    None => None,
                };
                *stats.entry("attachment bytes").or_default() += size.unwrap_or(0);
                if size != want_size || decoded != want_size {
                    bad.push(format!(
                        "{}: attachment {} size {:?}/{:?} vs {:?}",
                        label, i, size, decoded, want_size
                    ));
                }
                let name = a.filename().map(|f| f.into_owned());
                let want_name = jparts[i]
                    .get("filename")
                    .and_then(Value::str)
                    .map(str::to_string);
                if name != want_name {
                    bad.push(format!(
                        "{}: attachment {} filename {:?} vs {:?}",
                        label, i, name, want_name
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn corpus_agrees_with_the_tool() {
    let (dir, tool) = match (corpus(), tool()) {
        (Some(d), Some(t)) => (d, t),
        (None, _) => {
            note(
                "rust corpus: ../shared/corpus not found (set EML_CORPUS), agreement test skipped",
            );
            return;
        }
        (_, None) => {
            note("rust corpus: build/eml not built (set EML_TOOL), agreement test skipped");
            return;
        }
    };
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let out = Command::new(&tool)
        .arg("json")
        .arg("-q")
        .args(&paths)
        .output()
        .expect("run eml json");
    let text = String::from_utf8(out.stdout).expect("the tool writes UTF-8");
    let mut by_source: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let v = json::parse(line).unwrap_or_else(|e| panic!("line {}: {}", n + 1, e));
        let src = v
            .get("source")
            .and_then(Value::str)
            .unwrap_or("")
            .to_string();
        by_source.entry(src).or_default().push(v);
    }

    let mut stats: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut bad = Vec::new();
    let mut messages = 0;
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        let label = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let want = by_source
            .remove(&path.display().to_string())
            .unwrap_or_default();
        let mut raws: Vec<std::borrow::Cow<'_, [u8]>> = Vec::new();
        if is_mbox(path, &data) {
            for m in eml::Mbox::new(&data).unwrap() {
                raws.push(m.unwrap().data);
            }
        } else {
            raws.push(std::borrow::Cow::Borrowed(&data[..]));
        }
        if raws.len() != want.len() {
            bad.push(format!(
                "{}: {} messages vs {} from the tool",
                label,
                raws.len(),
                want.len()
            ));
            continue;
        }
        for (i, (raw, w)) in raws.iter().zip(&want).enumerate() {
            messages += 1;
            bad.extend(compare(&format!("{}#{}", label, i), raw, w, &mut stats));
        }
    }
    note(&format!(
        "rust corpus: {} files, {} messages agree with eml json, {:?}",
        paths.len(),
        messages,
        stats
    ));
    assert!(messages > 0);
    if !bad.is_empty() {
        for b in bad.iter().take(30) {
            eprintln!("{}", b);
        }
        panic!("{} disagreements with eml json", bad.len());
    }
}
