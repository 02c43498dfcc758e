//! Helpers shared by integration tests (`mod common;`). Each test crate
//! uses some of them, so the others are dead code there.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `reassure` binary of this build.
pub fn bin() -> Command {
    Command::cargo_bin("reassure").unwrap()
}

/// A library scenario file (`scenarios/NAME`).
pub fn lib(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// A JSON file, parsed.
pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `text` (a scenario file) with one coefficient of `[assumptions]` set to
/// `value` (TOML: a number or an inline distribution table).
///
/// Library files, the default among them, already have an `[assumptions]`
/// table, and TOML refuses a second one; so the key's line is replaced
/// when the table sets it, the line is inserted after the table's header
/// when it does not, and a table is appended when the file has none.
pub fn set_assumption(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key} = {value}");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = |l: &str| l.trim_start().starts_with('[');
    let is_table = |l: &str| {
        let t = l.trim();
        let t = t.split('#').next().unwrap_or("").trim();
        t == "[assumptions]"
    };
    let Some(start) = lines.iter().position(|l| is_table(l)) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("\n[assumptions]\n{line}\n"));
        return out;
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| header(l))
        .map_or(lines.len(), |k| start + 1 + k);
    let sets_key = |l: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    match (start + 1..end).find(|&i| sets_key(&lines[i])) {
        Some(i) => lines[i] = line,
        None => lines.insert(start + 1, line),
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The six library options the report tests compare (the debate's
/// options from no force to a deployment during the war), in order.
pub const SIX_OPTIONS: [&str; 6] = [
    "no-force.toml",
    "rear-area-5k.toml",
    "coalition-baseline.toml",
    "division-25k.toml",
    "original-50k.toml",
    "deploy-during-war.toml",
];

/// The results folder a command wrote under `out` whose name starts with
/// `prefix` (`""`: the only folder).
pub fn folder(out: &std::path::Path, prefix: &str) -> std::path::PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir() && p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no folder {prefix}* in {}", out.display()))
}

/// The first of these programs found on `PATH`.
pub fn find_program(names: &[&str]) -> Option<std::path::PathBuf> {
    names.iter().find_map(|name| {
        let paths = std::env::var_os("PATH")?;
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// Chromium or Chrome, when installed (`.ci/run` installs Debian's).
pub fn chromium() -> Option<std::path::PathBuf> {
    find_program(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ])
}

/// A headless browser command with its own profile folder and the flags that
/// keep it offline and quiet on a machine without a display.
pub fn browser(chrome: &std::path::Path, profile: &std::path::Path) -> std::process::Command {
    let mut c = std::process::Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// A browser command's standard output, the browser killed after `secs`
/// seconds so a hung browser fails the test instead of stalling CI.
pub fn run_browser(mut cmd: std::process::Command, secs: u64) -> String {
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut child = cmd
        .stdout(out.reopen().unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} did not finish in {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::fs::read_to_string(out.path()).unwrap_or_default()
}

#[test]
fn set_assumption_replaces_inserts_or_appends() {
    let with = "[scenario]\nname = \"x\"\n[assumptions]   # drawn\n\
                renewal_bar = { dist = \"uniform\", min = 0.4, max = 0.6 }   # why\n\
                renewal_bar_width = 0.1\n[expect]\nwider_war = { max = 0.5 }\n";
    // Replaced: the key's own line only, not a longer name that starts with it.
    assert_eq!(
        set_assumption(with, "renewal_bar", "0.7"),
        "[scenario]\nname = \"x\"\n[assumptions]   # drawn\nrenewal_bar = 0.7\n\
         renewal_bar_width = 0.1\n[expect]\nwider_war = { max = 0.5 }\n"
    );
    // Inserted after the header when the table does not set it (a key of
    // another table with the same name is not touched).
    let other = "[assumptions]\nentanglement = 1\n[x]\nwill_shock = 3\n";
    assert_eq!(
        set_assumption(other, "will_shock", "0"),
        "[assumptions]\nwill_shock = 0\nentanglement = 1\n[x]\nwill_shock = 3\n"
    );
    // Appended when there is no table.
    assert_eq!(
        set_assumption("[scenario]\nname = \"x\"", "will_shock", "0"),
        "[scenario]\nname = \"x\"\n\n[assumptions]\nwill_shock = 0\n"
    );
    // On the default scenario: the result parses, with the value set once.
    let text = reassure::scenario::DEFAULT_SCENARIO_TEXT;
    let s = reassure::scenario::parse(&set_assumption(text, "renewal_bar", "0.9"), "t.toml")
        .unwrap_or_else(|d| panic!("{d:?}"));
    let drawn = reassure::scenario::parse(text, "t.toml").unwrap();
    assert_eq!(s.assumptions.len(), drawn.assumptions.len());
}

/// What a Markdown document is made of, as a reader's renderer (GitHub's
/// tables, strikethrough) parses it: every block and inline element that
/// could carry an injection (headings, tables and their cells, lists,
/// quotes, links, images, raw HTML, code blocks), in order, without text.
pub fn md_shape(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut out = Vec::new();
    let mut cells = 0;
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(pulldown_cmark::TagEnd::TableRow | pulldown_cmark::TagEnd::TableHead) => {
                out.push(format!("row of {cells}"));
                cells = 0;
            }
            Event::Start(Tag::Paragraph | Tag::TableRow | Tag::TableHead) => {}
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                out.push(format!("{e:?}"))
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.push(format!("link to {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => out.push(format!("image {dest_url}")),
            Event::Start(t) => out.push(format!("{t:?}")),
            Event::Html(_) | Event::InlineHtml(_) => out.push("raw HTML".into()),
            Event::Rule => out.push("rule".into()),
            _ => {}
        }
    }
    out
}

/// A scenario's text with its `name` and `description` lines replaced by
/// `name` and `description`, written as TOML strings.
pub fn renamed(text: &str, name: &str, description: &str) -> String {
    let toml = reassure::text::toml_string;
    text.lines()
        .map(|l| {
            if l.starts_with("name = ") {
                format!("name = {}\n", toml(name))
            } else if l.starts_with("description = ") {
                format!("description = {}\n", toml(description))
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}
