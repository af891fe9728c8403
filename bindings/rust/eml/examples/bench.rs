//! Throughput of the binding on a folder of mail (the corpus): every
//! message is parsed, and its subject, From addresses, body text and the
//! decoded bytes of its attachments are read, as a mail reader would.
//!
//!     cargo run --release --example bench -- DIR [SECONDS]
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(r) => r.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(_) => return,
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// One pass over every message; returns a checksum so nothing is optimised
/// away.
fn pass(messages: &[Vec<u8>]) -> usize {
    let mut sum = 0usize;
    for raw in messages {
        let msg = eml::Message::parse(raw).expect("parse");
        let root = msg.root();
        sum += root.subject().map_or(0, |s| s.len());
        sum += root
            .from()
            .map_or(0, |f| f.iter().map(|a| a.address.len()).sum());
        sum += root.body_text().ok().flatten().map_or(0, |t| t.len());
        if let Ok(list) = root.attachments() {
            for a in list {
                sum += a.decoded().map_or(0, |d| d.len());
            }
        }
    }
    sum
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| {
        eprintln!("usage: bench DIR [SECONDS]");
        std::process::exit(2)
    }));
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2.0);

    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let mut messages: Vec<Vec<u8>> = Vec::new();
    for p in &paths {
        let data = match std::fs::read(p) {
            Ok(d) => d,
            Err(_) => continue,
        };
        let is_mbox = data.starts_with(b"From ") && p.extension().map_or(true, |e| e != "eml");
        if is_mbox {
            for m in eml::Mbox::new(&data).expect("mbox") {
                messages.push(m.expect("mbox message").data.into_owned());
            }
        } else {
            messages.push(data);
        }
    }
    if messages.is_empty() {
        eprintln!("bench: no messages under {}", dir.display());
        std::process::exit(1);
    }
    let bytes: usize = messages.iter().map(Vec::len).sum();

    pass(&messages); // warm up
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut rounds = 0u32;
    let mut check = 0usize;
    while rounds == 0 || start.elapsed() < budget {
        check = check.wrapping_add(pass(&messages));
        rounds += 1;
    }
    let t = start.elapsed().as_secs_f64();
    let mb = bytes as f64 * rounds as f64 / t / 1e6;
    let per_s = messages.len() as f64 * rounds as f64 / t;
    println!(
        "rust binding (parse, subject, from, body text, attachment bytes): {:.1} MB/s, {:.0} messages/s \
         ({} messages, {:.1} MB, {} rounds, checksum {})",
        mb,
        per_s,
        messages.len(),
        bytes as f64 / 1e6,
        rounds,
        check % 1000
    );
    println!(
        "rust: mail-parser (the usual Rust parser) is not compared: it cannot be installed offline"
    );
}
