//! The fuzzer: property tests on the stable toolchain (a `cargo fuzz`
//! target would need nightly), over what a hostile input can reach:
//! scenario text (mutations of every library file, with control characters,
//! extreme numbers, deep nesting and spliced lines), `--vary` values, and
//! the whole command line's argument parsing. Nothing may panic or take
//! long; every diagnostic must point inside the file.
//!
//! `cargo test --test fuzz` runs a short pass. A long run:
//! `REASSURE_FUZZ_CASES=2000000 cargo test --release --test fuzz`.

mod common;

use common::md_shape;
use proptest::prelude::*;
use reassure::scenario::parse;
use std::time::{Duration, Instant};

/// Cases per property: `REASSURE_FUZZ_CASES`, else a short pass for CI.
fn cases() -> u32 {
    std::env::var("REASSURE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Shrinking a long run's failure is what makes it a regression test.
        max_shrink_iters: 2_000,
        // Failures found are saved beside this file and replayed first.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
        )),
        ..ProptestConfig::default()
    }
}

/// The library's files, the seeds of the mutations (read once).
fn library() -> &'static [String] {
    static FILES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        v.sort();
        v
    })
}

/// Parse, and if valid simulate a few runs: never a panic, never slow, and
/// every diagnostic located inside the text, with nothing raw printed.
fn check(text: &str) {
    let started = Instant::now();
    match parse(text, "f.toml") {
        Err(diags) => {
            assert!(!diags.is_empty());
            let lines = text.split('\n').count();
            for d in &diags {
                let shown = d.to_string();
                assert!(shown.contains("--> f.toml"), "{shown}");
                // Tabs keep the caret aligned; anything else is escaped.
                assert!(
                    !shown
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "raw control character in {shown:?}"
                );
                assert!(
                    shown.len() < 4_000,
                    "a {}-byte diagnostic:\n{shown}",
                    shown.len()
                );
                if let Some(line) = d.line {
                    assert!(line >= 1 && line <= lines, "line {line} of {lines}");
                }
            }
        }
        Ok(s) => {
            let m = reassure::model::Model::new(&s);
            let agg = reassure::engine::simulate_serial(&m, 1, 0..40);
            assert_eq!(agg.peace.iter().sum::<u64>(), 40);
            assert_eq!(agg.mission.iter().sum::<u64>(), 40);
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "slow input ({:?})",
        started.elapsed()
    );
}

/// Tokens that exercise types, ranges, distributions and syntax.
const TOKENS: &[&str] = &[
    "nan",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "-1",
    "0",
    "1.5",
    "99999999999999999999",
    "0x7FFFFFFFFFFFFFFF",
    "\"\"",
    "\"rear\"",
    "\"\\u0007\"",
    "\"\\u001b[2J\"",
    "\"\\u0000\"",
    "true",
    "[]",
    "{}",
    "{ dist = \"normal\", mean = 0, sd = -1 }",
    "{ dist = \"normal\", mean = 1e308, sd = 1e308, min = 0, max = 1 }",
    "{ dist = \"choice\", values = [], weights = [] }",
    "{ dist = \"choice\", values = [1, 2], weights = [1e308, 1e308] }",
    "{ dist = \"beta\", alpha = 0, beta = 1 }",
    "{ dist = \"beta\", alpha = 1e-300, beta = 1e300 }",
    "{ dist = \"lognormal\", median = 1, sigma = 1 }",
    "{ dist = \"lognormal\", median = 1e-300, sigma = 50, min = 0, max = 1 }",
    "{ dist = \"triangular\", min = 3, mode = 9, max = 1 }",
    "{ dist = \"uniform\", min = 0, max = 0 }",
    "=",
    "[",
    "]",
    "[[x]]",
    "\n[force]\n",
    "\n[scenario]\nname = \"dup\"\n",
    "a.b.c.d.e.f.g.h = 1",
    "\"\\u00e9\"",
    "1979-05-27",
    "+nan",
    "\u{7}",
    "\u{0}",
    "\r\n",
    "'''",
];

/// One mutation of `text`.
fn mutate(text: &mut String, pos: usize, kind: u8, tok: usize, lines: &[&str]) {
    let mut at = pos % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    match kind % 6 {
        // Replace the value after the next `=` with a token.
        0 => {
            if let Some(eq) = text[at..].find('=') {
                let start = at + eq + 1;
                let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                text.replace_range(start..end, &format!(" {}", TOKENS[tok]));
            }
        }
        1 => text.insert_str(at, TOKENS[tok]),
        2 => {
            let mut end = (at + 1 + tok).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, "");
        }
        // Splice in a line of any library file.
        3 => text.insert_str(at, &format!("\n{}\n", lines[tok * 7919 % lines.len()])),
        4 => text.insert(at, '"'),
        _ => text.insert_str(at, &"[a.".repeat(1 + tok * 50)),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check(text);
        }
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_library_files_never_panic(
        file in 0usize..64,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0usize..TOKENS.len()), 1..8),
    ) {
        let files = library();
        let all: String = files.join("\n");
        let lines: Vec<&str> = all.lines().collect();
        let mut text = files[file % files.len()].clone();
        for (pos, kind, tok) in edits {
            mutate(&mut text, pos, kind, tok, &lines);
        }
        check(&text);
    }

    #[test]
    fn vary_values_never_panic(
        key in prop::sample::select(vec![
            "force.troops", "force.zone", "ceasefire.required_before_deployment",
            "assumptions.announcement_penalty", "assumptions.mandate_period_months",
            "ukraine.strength", "no.such", "",
        ]),
        value in "[-0-9a-z_.,:\u{7}\u{1b} ]{0,40}",
    ) {
        let started = Instant::now();
        let _ = reassure::analysis::sweep::parse_vary(&format!("{key}={value}"));
        let _ = reassure::analysis::sweep::parse_vary(&value);
        prop_assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn explain_states_never_panic(
        key in prop::sample::select(vec![
            "rung", "backstop", "credibility", "war", "since_ceasefire", "engaged", "left",
            "adapt", "in_kind_last_month", "kills_last_month", "calm", "buildup", "nope", "",
        ]),
        value in "[-0-9a-z_.+eE\u{7} ]{0,24}",
    ) {
        // Any accepted state gives a tree whose leaves sum to 1.
        let s = reassure::scenario::load_default();
        let m = reassure::model::Model::new(&s);
        let p = m.central_params();
        let mut st = m.month_state(&p, 3);
        if reassure::report::explain::set_at(&p, &mut st, key, &value).is_ok() {
            let total: f64 = m.event_tree(&p, &st).paths().iter().map(|x| x.p).sum();
            prop_assert!((total - 1.0).abs() < 1e-9, "{key}={value}: {total}");
        }
    }

    #[test]
    fn command_lines_never_panic(
        args in proptest::collection::vec(prop::sample::select(vec![
            "run", "validate", "batch", "compare", "sweep", "schema", "completions", "man",
            "bash", "nope", "-", "--runs", "0", "1", "10000000001", "-1", "1e3", "--seed",
            "18446744073709551616", "--threads", "0", "1025", "--out", "", "--charts", "svg",
            "pdf", "--vary", "force.troops=1..2:3", "=", "--json", "--quiet", "-q",
            "--allow-large", "--reference", "none", "--outcome", "wider_war", "--help",
            "--version", "scenarios/", "x.toml", "\u{7}", "--", "--batch-size", "-h",
            "explain", "narrate", "new", "--at", "rung=2", "help", "--month", "--count",
            "--run", "--from", "skyshield", "--force",
        ]), 0..10),
    ) {
        use clap::Parser;
        let mut argv = vec!["reassure"];
        argv.extend(args.iter().copied());
        // Parsing decides everything a command does before it touches a
        // file: it may refuse, never panic.
        let _ = reassure::cli::Cli::try_parse_from(&argv);
    }
}

// ------------------------------------------------- names in the Markdown

/// The text of the first level-1 heading, as rendered.
fn title(md: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut inside = false;
    let mut t = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(_)) if inside => break,
            Event::Text(s) | Event::Code(s) if inside => t.push_str(&s),
            _ => {}
        }
    }
    t
}

/// `summary.md` and `brief.md` of the coalition baseline under another
/// name and description (a few hundred runs: the shape, not the numbers).
fn markdown_named(name: &str, description: &str) -> Result<(String, String), String> {
    let base = library()
        .iter()
        .find(|f| f.contains("name = \"Coalition baseline\""))
        .expect("the coalition baseline");
    let text = common::renamed(base, name, description);
    let s =
        parse(&text, "f.toml").map_err(|d| d.iter().map(|d| d.to_string()).collect::<String>())?;
    let m = reassure::model::Model::new(&s);
    let agg = reassure::engine::simulate_serial(&m, 7, 0..300);
    let sum = reassure::report::summarize(&s, &agg, 0.0, 1);
    let brief = reassure::report::brief::of_run(&sum).markdown("#");
    Ok((reassure::report::markdown::summary_md(&sum, &[]), brief))
}

/// Characters a hostile or careless name is made of: Markdown's
/// metacharacters, scripts other than Latin, and the invisible ones.
const NAME_CHARS: &[char] = &[
    'a', 'Z', '5', ' ', '|', '`', '*', '_', '[', ']', '(', ')', '<', '>', '!', '#', '~', '&', '$',
    '\\', '-', '+', '=', '.', ':', '/', '"', '\'', 'к', 'ї', 'в', '中', '文', 'ع', 'ر', '\u{202E}',
    '\u{2066}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\n',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: (cases() / 6).max(40), ..config() })]

    /// Whatever a name or description holds, the Markdown a reader opens
    /// has the tables, headings, links and lists it has for a plain name,
    /// and the name reads as written; a name the parser refuses is refused
    /// for an invisible character, a line break or being blank.
    #[test]
    fn names_keep_the_markdown_in_shape(
        name in proptest::collection::vec(prop::sample::select(NAME_CHARS), 1..24),
        description in proptest::collection::vec(prop::sample::select(NAME_CHARS), 0..40),
    ) {
        let name: String = name.into_iter().collect();
        let description: String = description.into_iter().collect();
        let plain = markdown_named("Plain option", "A plain description.").unwrap();
        match markdown_named(&name, &description) {
            Err(why) => {
                let text = format!("{name}{description}");
                prop_assert!(
                    text.chars().any(reassure::text::is_invisible)
                        || name.contains('\n')
                        || name.trim().is_empty(),
                    "{name:?} / {description:?} refused: {why}"
                );
            }
            Ok((summary, brief)) => {
                prop_assert_eq!(md_shape(&summary), md_shape(&plain.0), "summary.md for {:?} / {:?}", name, description);
                prop_assert_eq!(md_shape(&brief), md_shape(&plain.1), "brief.md for {:?} / {:?}", name, description);
                let heading = title(&summary);
                prop_assert_eq!(heading.trim(), name.trim(), "the title of {:?}", name);
            }
        }
    }
}
