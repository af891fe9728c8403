//! Finds libeml and tells cargo how to link it, statically where possible.
//!
//! In order:
//! 1. `EML_LIB_DIR` (a folder with libeml.a or libeml.so) and optionally
//!    `EML_INCLUDE_DIR`: used as given.
//! 2. The source tree this crate sits in (bindings/rust/eml-sys of libeml):
//!    `make lib` is run there and build/libeml.a is linked. `EML_BUILD`
//!    names another build folder of that tree (the Makefile's BUILD).
//! 3. An installed libeml found by pkg-config (`pkg-config --static`).
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=EML_LIB_DIR");
    println!("cargo:rerun-if-env-changed=EML_INCLUDE_DIR");
    println!("cargo:rerun-if-env-changed=EML_BUILD");
    println!("cargo:rerun-if-env-changed=EML_DYNAMIC");

    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dynamic = env::var_os("EML_DYNAMIC").is_some();

    if let Some(dir) = env::var_os("EML_LIB_DIR") {
        let dir = PathBuf::from(dir);
        let include = env::var_os("EML_INCLUDE_DIR").map(PathBuf::from);
        link_from(&dir, dynamic);
        if let Some(inc) = include {
            export_include(&inc);
        }
        return;
    }

    let root = manifest.join("../../..");
    if root.join("include/eml.h").is_file() && root.join("Makefile").is_file() {
        let root = root.canonicalize().unwrap();
        let build = match env::var_os("EML_BUILD") {
            Some(b) => {
                let b = PathBuf::from(b);
                if b.is_absolute() { b } else { root.join(b) }
            }
            None => root.join("build"),
        };
        let make = env::var("MAKE").unwrap_or_else(|_| "make".to_string());
        let status = Command::new(&make)
            .arg("-C")
            .arg(&root)
            .arg(format!("BUILD={}", build.display()))
            .arg("lib")
            .status()
            .unwrap_or_else(|e| panic!("cannot run {}: {}", make, e));
        if !status.success() {
            panic!("`{} -C {} lib` failed", make, root.display());
        }
        for dir in ["include", "lib"] {
            println!("cargo:rerun-if-changed={}", root.join(dir).display());
        }
        link_from(&build, dynamic);
        export_include(&root.join("include"));
        return;
    }

    // An installed library.
    let out = Command::new("pkg-config")
        .args(["--static", "--libs-only-L", "--cflags-only-I", "libeml"])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            let mut linked = false;
            for word in text.split_whitespace() {
                if let Some(d) = word.strip_prefix("-L") {
                    link_from(Path::new(d), dynamic);
                    linked = true;
                } else if let Some(d) = word.strip_prefix("-I") {
                    export_include(Path::new(d));
                }
            }
            if !linked {
                println!("cargo:rustc-link-lib=eml");
            }
        }
        _ => panic!(
            "libeml not found: set EML_LIB_DIR, build inside the libeml source tree, \
             or install libeml with its pkg-config file"
        ),
    }
}

fn link_from(dir: &Path, dynamic: bool) {
    println!("cargo:rustc-link-search=native={}", dir.display());
    if !dynamic && dir.join("libeml.a").is_file() {
        println!("cargo:rustc-link-lib=static=eml");
    } else {
        println!("cargo:rustc-link-lib=dylib=eml");
    }
    println!("cargo:lib_dir={}", dir.display());
}

fn export_include(dir: &Path) {
    // For the signature test, and for crates that depend on this one
    // (DEP_EML_INCLUDE).
    println!("cargo:rustc-env=EML_SYS_INCLUDE_DIR={}", dir.display());
    println!("cargo:include={}", dir.display());
}
