//! Puts the git revision into `reassure --version` when building from a git
//! checkout (" (git 1a2b3c4d5e)", "+dirty" with uncommitted changes); empty
//! otherwise, e.g. when built from a crates.io package.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let suffix = match git(&["rev-parse", "--short=10", "HEAD"]) {
        Some(rev) if !rev.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            format!(" (git {rev}{})", if dirty { "+dirty" } else { "" })
        }
        _ => String::new(),
    };
    println!("cargo:rustc-env=REASSURE_GIT_SUFFIX={suffix}");
    // Rebuild when the checked-out commit moves.
    for p in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(p).exists() {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
