//! Checks the hand-written declarations in src/lib.rs against eml.h.
//!
//! Each `fn` of the extern block becomes a C function pointer type spelled
//! from the Rust types (`*const c_char` is `char const *`, `usize` is
//! `size_t`, ...) and is initialised with the real function; each struct's
//! size and field offsets as Rust lays them out, each enum alias's size and
//! each constant's value become `_Static_assert`s. The file is compiled
//! against eml.h with warnings as errors: a parameter added, removed or
//! retyped on either side, a moved field or a renumbered constant fails.
use std::mem::{size_of, MaybeUninit};
use std::path::{Path, PathBuf};
use std::process::Command;

use eml_sys::*;

const SOURCE: &str = include_str!("../src/lib.rs");

struct Decl {
    name: String,
    args: Vec<String>,
    ret: Option<String>,
}

fn extern_block(src: &str) -> &str {
    let start = src.find("extern \"C\" {").expect("extern block") + "extern \"C\" {".len();
    let end = src[start..].find("\n}").expect("end of extern block") + start;
    &src[start..end]
}

fn declarations(src: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for item in extern_block(src).split(';') {
        let item: String = item
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join(" ");
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let rest = item.strip_prefix("pub fn ").unwrap_or_else(|| panic!("unexpected item: {}", item));
        let open = rest.find('(').unwrap();
        let close = rest.rfind(')').unwrap();
        let name = rest[..open].trim().to_string();
        let args = rest[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| a.splitn(2, ':').nth(1).expect("name: type").trim().to_string())
            .collect();
        let after = rest[close + 1..].trim();
        let ret = after.strip_prefix("->").map(|r| r.trim().to_string());
        out.push(Decl { name, args, ret });
    }
    out
}

fn c_type(rust: &str) -> String {
    let t = rust.trim();
    if let Some(rest) = t.strip_prefix("*const ") {
        return format!("{} const *", c_type(rest));
    }
    if let Some(rest) = t.strip_prefix("*mut ") {
        return format!("{} *", c_type(rest));
    }
    match t {
        "c_char" => "char",
        "c_int" => "int",
        "c_uint" => "unsigned int",
        "c_void" => "void",
        "usize" => "size_t",
        "i64" => "int64_t",
        "u8" => "unsigned char",
        other if other.starts_with("eml_") => other,
        other => panic!("no C spelling for Rust type {}", other),
    }
    .to_string()
}

/// `pub type NAME = c_int;` aliases (the enums) and `pub const` values.
fn aliases_and_constants(src: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut aliases = Vec::new();
    let mut consts = Vec::new();
    for line in src.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub type ") {
            let (name, ty) = rest.split_once('=').unwrap();
            assert_eq!(ty.trim().trim_end_matches(';'), "c_int", "{}", line);
            aliases.push(name.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("pub const ") {
            let (lhs, value) = rest.split_once('=').unwrap();
            let name = lhs.split(':').next().unwrap().trim().to_string();
            let value = value.trim().trim_end_matches(';').trim();
            let value = match value {
                "usize::MAX" => "SIZE_MAX".to_string(),
                v => {
                    v.parse::<i64>().unwrap_or_else(|_| panic!("constant {} = {}", name, v));
                    v.to_string()
                }
            };
            consts.push((name, value));
        }
    }
    (aliases, consts)
}

macro_rules! offset_of {
    ($t:ty, $f:ident) => {{
        let u = MaybeUninit::<$t>::uninit();
        let base = u.as_ptr();
        // SAFETY: only the address of the field is taken, nothing is read.
        let field = unsafe { std::ptr::addr_of!((*base).$f) };
        field as usize - base as usize
    }};
}

macro_rules! layout {
    ($out:ident, $t:ident; $($f:ident),*) => {{
        $out.push_str(&format!(
            "_Static_assert(sizeof({t}) == {n}, \"size of {t}\");\n",
            t = stringify!($t), n = size_of::<$t>()));
        $(
            $out.push_str(&format!(
                "_Static_assert(offsetof({t}, {f}) == {o}, \"offset of {t}.{f}\");\n",
                t = stringify!($t), f = stringify!($f), o = offset_of!($t, $f)));
        )*
        stringify!($t)
    }};
}

fn layouts(out: &mut String) -> Vec<&'static str> {
    vec![
        layout!(out, eml_slice; ptr, len),
        layout!(out, eml_defect; code, offset),
        layout!(out, eml_field; name, value, offset),
        layout!(out, eml_param; name, value),
        layout!(out, eml_address; name, address, group),
        layout!(out, eml_allocator; alloc, free, user),
    ]
}

/// The structs of the source that have fields (opaque ones come from a macro).
fn structs_with_fields(src: &str) -> Vec<String> {
    let mut v: Vec<String> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub struct "))
        .filter(|rest| rest.trim_end().ends_with('{'))
        .map(|rest| rest.trim_end_matches('{').trim().to_string())
        .filter(|n| n != "$name")
        .collect();
    v.sort();
    v
}

fn generate(src: &str) -> String {
    let mut c = String::from(
        "#include <stddef.h>\n#include <stdint.h>\n#include \"eml.h\"\n\n",
    );
    let mut checked = layouts(&mut c);
    checked.sort_unstable();
    assert_eq!(structs_with_fields(src), checked, "every struct of src/lib.rs has its layout checked");
    let (aliases, consts) = aliases_and_constants(src);
    for a in &aliases {
        c.push_str(&format!("_Static_assert(sizeof({a}) == sizeof(int), \"{a} is an int\");\n", a = a));
    }
    for (name, value) in &consts {
        c.push_str(&format!("_Static_assert({n} == {v}, \"value of {n}\");\n", n = name, v = value));
    }
    let decls = declarations(src);
    assert!(decls.len() > 50, "found only {} declarations", decls.len());
    for d in &decls {
        let ret = d.ret.as_deref().map(c_type).unwrap_or_else(|| "void".to_string());
        let args = if d.args.is_empty() {
            "void".to_string()
        } else {
            d.args.iter().map(|a| c_type(a)).collect::<Vec<_>>().join(", ")
        };
        c.push_str(&format!(
            "typedef {ret} (*sig_{n})({args});\nextern sig_{n} const check_{n};\nsig_{n} const check_{n} = {n};\n",
            ret = ret, n = d.name, args = args
        ));
    }
    c
}

fn include_dir() -> PathBuf {
    option_env!("EML_SYS_INCLUDE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../include"))
}

/// Compiles the C text; Ok(()) when it compiles, Err(diagnostics) else.
/// None when there is no C compiler.
fn compile(name: &str, text: &str) -> Option<Result<(), String>> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join(format!("{}.c", name));
    std::fs::write(&file, text).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic-errors", "-c", "-o"])
        .arg(dir.join(format!("{}.o", name)))
        .arg("-I")
        .arg(include_dir())
        .arg(&file)
        .output();
    match out {
        Err(_) => None,
        Ok(o) if o.status.success() => Some(Ok(())),
        Ok(o) => Some(Err(String::from_utf8_lossy(&o.stderr).into_owned())),
    }
}

#[test]
fn declarations_match_eml_h() {
    let c = generate(SOURCE);
    match compile("signatures", &c) {
        None => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "eml-sys: no C compiler, signature check skipped");
        }
        Some(Ok(())) => {}
        Some(Err(e)) => panic!("src/lib.rs disagrees with eml.h:\n{}", e),
    }
}

/// The check itself must notice drift: a retyped parameter, a parameter
/// too many, a wrong return type and a wrong constant each fail.
#[test]
fn drift_is_caught() {
    let cases = [
        ("pub fn eml_parse(buf: *const c_char, len: usize,", "pub fn eml_parse(buf: *const c_char, len: c_int,"),
        ("pub fn eml_part_depth(part: *const eml_part) -> usize;", "pub fn eml_part_depth(part: *const eml_part, x: usize) -> usize;"),
        ("pub fn eml_part_child_count(part: *const eml_part) -> usize;", "pub fn eml_part_child_count(part: *const eml_part) -> c_int;"),
        ("pub fn eml_part_attachments(entity: *const eml_part, parts: *mut *const *const eml_part,", "pub fn eml_part_attachments(entity: *const eml_part, parts: *mut *const eml_part,"),
        ("pub const EML_ENOTFOUND: eml_error = -5;", "pub const EML_ENOTFOUND: eml_error = -6;"),
    ];
    for (i, (from, to)) in cases.iter().enumerate() {
        assert!(SOURCE.contains(from), "case {} no longer matches the source", i);
        let c = generate(&SOURCE.replace(from, to));
        match compile(&format!("drift{}", i), &c) {
            None => return,
            Some(Ok(())) => panic!("drift not caught: {}", to),
            Some(Err(_)) => {}
        }
    }
}
