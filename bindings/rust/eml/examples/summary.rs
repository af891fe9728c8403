//! Prints a summary of each message of the files given: subject, sender,
//! recipients, date, the first lines of the body text and the attachments.
//! A file that starts with "From " is read as an mbox.
//!
//!     cargo run --example summary -- message.eml mailbox.mbox
use std::error::Error;

fn summarize(raw: &[u8]) -> Result<(), Box<dyn Error>> {
    let msg = eml::Message::parse(raw)?;
    let root = msg.root();

    println!("Subject: {}", root.subject().unwrap_or_default());
    for a in root.from()? {
        match &a.name {
            Some(name) => println!("From:    {} <{}>", name, a.address),
            None => println!("From:    {}", a.address),
        }
    }
    let to: Vec<String> = root
        .to()?
        .into_iter()
        .map(|a| a.address.into_owned())
        .collect();
    println!("To:      {}", to.join(", "));
    if let Some(d) = root.date() {
        let (sign, z) = if d.zone_minutes < 0 {
            ('-', -d.zone_minutes)
        } else {
            ('+', d.zone_minutes)
        };
        println!(
            "Date:    {} seconds since 1970 UTC, zone {}{:02}{:02}",
            d.epoch,
            sign,
            z / 60,
            z % 60
        );
    }
    let html = if root.best_html().is_some() {
        " (has HTML)"
    } else {
        ""
    };
    match root.body_text()? {
        Some(text) => {
            println!("Body{}:", html);
            for line in text.lines().filter(|l| !l.trim().is_empty()).take(3) {
                println!("  | {}", line);
            }
        }
        None => println!("Body:    none"),
    }
    for a in root.attachments()? {
        println!(
            "Attachment: {} ({}, {} bytes)",
            a.filename().unwrap_or_else(|| "(no name)".into()),
            a.content_type(),
            a.decoded_size()?
        );
    }
    println!("Parts:   {}", msg.part_count());
    println!();
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: summary FILE...");
        std::process::exit(2);
    }
    for path in paths {
        let data = std::fs::read(&path)?;
        println!("== {}", path);
        if data.starts_with(b"From ") {
            for m in eml::Mbox::new(&data)? {
                summarize(&m?.data)?;
            }
        } else {
            summarize(&data)?;
        }
    }
    Ok(())
}
