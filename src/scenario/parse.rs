//! The walk from the spanned TOML tree to a [`Scenario`].
//!
//! Why not serde-derived structs with `deny_unknown_fields`: serde stops at
//! the first problem, and a student fixing a file one error per run is a bad
//! experience. The tree from `toml::de::DeTable` keeps a span on every key
//! and value, so this walk checks every table against the registries in
//! `spec.rs` and `model::coef`, and reports every problem it finds.

use super::diag::{Diagnostic, suggest};
use super::dist::{DIST_NAMES, Dist, RawDist, dist_keys};
use super::input::{self, Lever};
use super::spec::{FIELDS, Field, FieldSpec, Kind, fmt_num, quoted_list};
use super::{
    Correlation, DEFAULT_HORIZON, DEFAULT_RUNS, DEFAULT_SEED, Expectation, MAX_HORIZON, MAX_RUNS,
    MODEL_VERSION, Param, Scenario, slugify,
};
use crate::model::coef::{COEFS, Coef};
use crate::model::outcome::{Share, v2_replacement};
use sha2::{Digest, Sha256};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const TOP_TABLES: &[&str] = &[
    "scenario",
    "ceasefire",
    "force",
    "rules_of_engagement",
    "us_backstop",
    "russia",
    "ukraine",
    "assumptions",
    "correlations",
    "expect",
];
const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "source",
    "seed",
    "runs",
    "horizon_months",
    "model_version",
];

struct Walker<'a> {
    file: &'a str,
    src: &'a str,
    diags: Vec<Diagnostic>,
    /// Built at the first problem: each later one is located in constant time.
    index: std::cell::OnceCell<super::diag::LineIndex>,
    /// The last list of valid keys spelled out for an unknown key (a table
    /// of many unknown keys spells it once).
    expected: std::cell::RefCell<(Vec<String>, String)>,
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A TOML number as f64: `None` if the value is not a number.
fn number(v: &DeValue) -> Option<f64> {
    match v {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits.trim_start_matches('+');
            match i64::from_str_radix(digits, i.radix()) {
                Ok(x) => Some(x as f64),
                // Beyond i64 the value is still a (huge, finite) number: the
                // range check then says it is out of range.
                Err(_) if i.radix() == 10 => digits.parse::<f64>().ok(),
                Err(_) => Some(if digits.starts_with('-') {
                    f64::MIN
                } else {
                    f64::MAX
                }),
            }
        }
        DeValue::Float(f) => Some(
            f.as_str()
                .replace('_', "")
                .parse::<f64>()
                .unwrap_or(f64::NAN),
        ),
        _ => None,
    }
}

impl<'a> Walker<'a> {
    fn at(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> Diagnostic {
        let index = self
            .index
            .get_or_init(|| super::diag::LineIndex::new(self.src));
        Diagnostic::at_in(self.file, self.src, index, span, key, message)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn unknown_key(
        &mut self,
        span: Range<usize>,
        path: &str,
        key: &str,
        table: &str,
        valid: &[&str],
    ) {
        let mut help = suggest(key, valid.iter().copied()).map(|s| format!("did you mean `{s}`?"));
        if help.is_none() {
            // A right key in the wrong table is a common slip.
            if let Some(f) = FIELDS.iter().find(|f| f.key == key) {
                help = Some(format!("`{key}` belongs in [{}]", f.table));
            }
        }
        let where_ = if table.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in [{table}]")
        };
        let expected = {
            let mut cache = self.expected.borrow_mut();
            if cache.1.is_empty() || !cache.0.iter().eq(valid.iter()) {
                *cache = (
                    valid.iter().map(|k| k.to_string()).collect(),
                    format!(
                        "one of {}",
                        valid
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            cache.1.clone()
        };
        let d = self
            .at(span, path, format!("unknown key `{key}` {where_}"))
            .expected(expected)
            .help_opt(help);
        self.push(d);
    }

    /// A finite number, or a diagnostic.
    fn finite(&mut self, v: &Spanned<DeValue>, path: &str, expected: &str) -> Option<f64> {
        match number(v.get_ref()) {
            None => {
                let d = self
                    .at(
                        v.span(),
                        path,
                        format!("expected a number, found {}", type_name(v.get_ref())),
                    )
                    .expected(expected);
                self.push(d);
                None
            }
            Some(x) if !x.is_finite() => {
                let what = if x.is_nan() { "NaN" } else { "infinite" };
                let d = self
                    .at(v.span(), path, format!("{what} is not allowed"))
                    .expected(expected)
                    .help("write a finite number");
                self.push(d);
                None
            }
            Some(x) => Some(x),
        }
    }

    fn table_of<'t>(&mut self, name: &str, v: &'t Spanned<DeValue<'a>>) -> Option<&'t DeTable<'a>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let d = self
                    .at(
                        v.span(),
                        name,
                        format!("expected a table, found {}", type_name(other)),
                    )
                    .expected(format!("a table: [{name}] followed by its keys"))
                    .help(format!(
                        "write `[{name}]` on its own line, then one `key = value` per line"
                    ));
                self.push(d);
                None
            }
        }
    }

    /// A lever or coefficient: a value of the field's kind, or a distribution.
    fn param(&mut self, spec: &FieldSpec, path: &str, v: &Spanned<DeValue<'a>>) -> Option<Param> {
        let expected = spec.expected();
        match (v.get_ref(), spec.kind) {
            (DeValue::Table(t), _) => self.dist(spec, path, t, v.span()).map(Param::Dist),
            (DeValue::Boolean(b), Kind::Bool) => Some(Param::Fixed(f64::from(u8::from(*b)))),
            (DeValue::String(s), Kind::Name(names)) => match names.iter().position(|n| n == s) {
                Some(i) => Some(Param::Fixed(i as f64)),
                None => {
                    let help =
                        suggest(s, names.iter().copied()).map(|n| format!("did you mean \"{n}\"?"));
                    let d = self
                        .at(v.span(), path, format!("unknown value \"{s}\""))
                        .expected(expected)
                        .help_opt(help);
                    self.push(d);
                    None
                }
            },
            (DeValue::Integer(_) | DeValue::Float(_), Kind::Int | Kind::Float) => {
                let x = self.finite(v, path, &expected)?;
                self.check_value(spec, path, v.span(), x)
            }
            (other, _) => {
                let d = self
                    .at(
                        v.span(),
                        path,
                        format!("wrong type: found {}", type_name(other)),
                    )
                    .expected(expected);
                self.push(d);
                None
            }
        }
    }

    fn check_value(
        &mut self,
        spec: &FieldSpec,
        path: &str,
        span: Range<usize>,
        x: f64,
    ) -> Option<Param> {
        if spec.kind == Kind::Int && x.fract() != 0.0 {
            let d = self
                .at(span, path, format!("{x} is not a whole number"))
                .expected(spec.expected())
                .help(format!("use {}", fmt_num(x.round())));
            self.push(d);
            return None;
        }
        if x < spec.min || x > spec.max {
            let near = x.clamp(spec.min, spec.max);
            // A share written as a percentage (`probability = 45`).
            let help = if spec.min == 0.0 && spec.max == 1.0 && (2.0..=100.0).contains(&x) {
                format!(
                    "did you mean {}? A probability or share is written from 0 to 1, not as a percentage",
                    fmt_num(x / 100.0)
                )
            } else {
                format!("the nearest allowed value is {}", fmt_num(near))
            };
            let d = self
                .at(span, path, format!("{} is out of range", fmt_num(x)))
                .expected(spec.expected())
                .help(help);
            self.push(d);
            return None;
        }
        Some(Param::Fixed(x))
    }

    fn dist(
        &mut self,
        spec: &FieldSpec,
        path: &str,
        t: &DeTable<'a>,
        span: Range<usize>,
    ) -> Option<Dist> {
        let before = self.diags.len();
        let name = match t.get("dist") {
            None => {
                let d = self
                    .at(
                        span.clone(),
                        path,
                        "a distribution table needs a `dist` key",
                    )
                    .expected(format!("`dist` = one of {}", quoted_list(DIST_NAMES)))
                    .help("e.g. { dist = \"uniform\", min = 0.2, max = 0.6 }");
                self.push(d);
                return None;
            }
            Some(v) => match v.get_ref().as_str() {
                Some(s) if DIST_NAMES.contains(&s) => s.to_string(),
                Some(s) => {
                    let help = suggest(s, DIST_NAMES.iter().copied())
                        .map(|n| format!("did you mean \"{n}\"?"));
                    let d = self
                        .at(
                            v.span(),
                            &format!("{path}.dist"),
                            format!("unknown distribution \"{s}\""),
                        )
                        .expected(format!("one of {}", quoted_list(DIST_NAMES)))
                        .help_opt(help);
                    self.push(d);
                    return None;
                }
                None => {
                    let d = self
                        .at(
                            v.span(),
                            &format!("{path}.dist"),
                            format!("expected a string, found {}", type_name(v.get_ref())),
                        )
                        .expected(format!("one of {}", quoted_list(DIST_NAMES)));
                    self.push(d);
                    return None;
                }
            },
        };
        let named = matches!(spec.kind, Kind::Name(_) | Kind::Bool);
        if named && name != "choice" {
            let d = self
                .at(
                    t.get("dist").map_or(span.clone(), |v| v.span()),
                    &format!("{path}.dist"),
                    format!("`{}` takes only dist = \"choice\"", spec.key),
                )
                .expected(spec.expected());
            self.push(d);
            return None;
        }
        let (required, optional) = dist_keys(&name);
        let mut raw = RawDist {
            name: name.clone(),
            ..Default::default()
        };
        for (k, v) in t.iter() {
            let key = k.get_ref().as_ref();
            let kpath = format!("{path}.{key}");
            if key == "dist" {
                continue;
            }
            if !required.contains(&key) && !optional.contains(&key) {
                let mut valid: Vec<&str> = vec!["dist"];
                valid.extend(required);
                valid.extend(optional);
                self.unknown_key(
                    k.span(),
                    &kpath,
                    key,
                    &format!("{name} distribution of {}", spec.path()),
                    &valid,
                );
                continue;
            }
            match key {
                "values" => raw.values = self.choice_values(spec, &kpath, v).unwrap_or_default(),
                "weights" => raw.weights = self.number_list(&kpath, v).unwrap_or_default(),
                _ => {
                    let Some(x) = self.finite(v, &kpath, "a finite number") else {
                        continue;
                    };
                    let slot = match key {
                        "min" => &mut raw.min,
                        "max" => &mut raw.max,
                        "mode" => &mut raw.mode,
                        "mean" => &mut raw.mean,
                        "sd" => &mut raw.sd,
                        "median" => &mut raw.median,
                        "sigma" => &mut raw.sigma,
                        "alpha" => &mut raw.alpha,
                        _ => &mut raw.beta,
                    };
                    *slot = Some(x);
                }
            }
        }
        for key in required {
            if t.get(*key).is_none() {
                let d = self
                    .at(
                        span.clone(),
                        path,
                        format!("the {name} distribution needs `{key}`"),
                    )
                    .expected(format!(
                        "keys {}",
                        required
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .help(format!("add `{key} = ...` inside the braces"));
                self.push(d);
            }
        }
        if self.diags.len() > before {
            return None;
        }
        match Dist::new(&raw, spec.min, spec.max) {
            Ok(d) => Some(d),
            Err(e) => {
                let at = t.get(e.key).map_or(span, |v| v.span());
                let d = self
                    .at(at, &format!("{path}.{}", e.key), e.message)
                    .expected(spec.expected())
                    .help(e.help);
                self.push(d);
                None
            }
        }
    }

    fn array<'t>(
        &mut self,
        path: &str,
        v: &'t Spanned<DeValue<'a>>,
    ) -> Option<&'t [Spanned<DeValue<'a>>]> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a.as_ref()),
            other => {
                let d = self
                    .at(
                        v.span(),
                        path,
                        format!("expected an array, found {}", type_name(other)),
                    )
                    .expected("an array such as [1, 2, 3]");
                self.push(d);
                None
            }
        }
    }

    fn number_list(&mut self, path: &str, v: &Spanned<DeValue<'a>>) -> Option<Vec<f64>> {
        let items = self.array(path, v)?;
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            out.push(self.finite(it, path, "a finite number")?);
        }
        Some(out)
    }

    /// `choice` values in the field's own kind; names map to their index.
    fn choice_values(
        &mut self,
        spec: &FieldSpec,
        path: &str,
        v: &Spanned<DeValue<'a>>,
    ) -> Option<Vec<f64>> {
        let items = self.array(path, v)?;
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            match self.param(spec, path, it)? {
                Param::Fixed(x) => out.push(x),
                Param::Dist(_) => {
                    let d = self
                        .at(
                            it.span(),
                            path,
                            "a choice value cannot itself be a distribution",
                        )
                        .expected(spec.expected());
                    self.push(d);
                    return None;
                }
            }
        }
        Some(out)
    }

    fn int_in(
        &mut self,
        v: &Spanned<DeValue<'a>>,
        path: &str,
        lo: u64,
        hi: u64,
        what: &str,
        help: &str,
    ) -> Option<u64> {
        let expected = format!("a whole number from {lo} to {hi} ({what})");
        if !matches!(v.get_ref(), DeValue::Integer(_)) {
            let d = self
                .at(
                    v.span(),
                    path,
                    format!("expected an integer, found {}", type_name(v.get_ref())),
                )
                .expected(expected);
            self.push(d);
            return None;
        }
        // Compared exactly: near 2^63 a float cannot tell the limit from
        // the next integers, and the command line's --seed compares exactly.
        let DeValue::Integer(i) = v.get_ref() else {
            return None;
        };
        let digits = i.as_str().replace('_', "");
        let exact = i128::from_str_radix(digits.trim_start_matches('+'), i.radix()).ok();
        let within = exact.is_some_and(|n| n >= i128::from(lo) && n <= i128::from(hi));
        if !within {
            let shown = match exact {
                Some(n) if n.unsigned_abs() < 1_000_000_000_000_000_000_000 => n.to_string(),
                _ => fmt_num(number(v.get_ref()).unwrap_or(f64::MAX)),
            };
            let d = self
                .at(
                    v.span(),
                    path,
                    format!("{shown} is outside the documented limits"),
                )
                .expected(expected)
                .help(help.to_string());
            self.push(d);
            return None;
        }
        exact.and_then(|n| u64::try_from(n).ok())
    }

    fn string(&mut self, v: &Spanned<DeValue<'a>>, path: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => {
                // A name becomes file names, chart titles and report headings:
                // no control character at all. Descriptions may keep newlines
                // and tabs.
                let layout_ok = path != "scenario.name";
                if let Some((i, c)) = crate::text::first_control(s, layout_ok) {
                    let d = self
                        .at(
                            v.span(),
                            path,
                            format!(
                                "the text holds a control character (U+{:04X}) at character {}",
                                c as u32,
                                i + 1
                            ),
                        )
                        .expected(if layout_ok {
                            "printable text (newlines and tabs allowed)"
                        } else {
                            "printable text on one line"
                        })
                        .help(
                            "remove the character; it would corrupt file names, charts and reports",
                        );
                    self.push(d);
                    return None;
                }
                // Bidirectional controls and zero-width characters are
                // invisible and reorder or hide what a report shows (a bottom
                // line rendered backwards): refused, located, in every text.
                if let Some((i, c)) = crate::text::first_invisible(s) {
                    let d = self
                        .at(
                            v.span(),
                            path,
                            format!(
                                "the text holds an invisible character, U+{:04X} ({}), at character {}",
                                c as u32,
                                crate::text::invisible_name(c),
                                i + 1
                            ),
                        )
                        .expected("visible text")
                        .help(
                            "remove the character (editors show it as nothing); it would reorder or hide text in the reports",
                        );
                    self.push(d);
                    return None;
                }
                Some(s.to_string())
            }
            other => {
                let d = self
                    .at(
                        v.span(),
                        path,
                        format!("expected a string, found {}", type_name(other)),
                    )
                    .expected("a quoted string, e.g. \"Coalition baseline\"");
                self.push(d);
                None
            }
        }
    }
}

/// The line of `src` holding byte `at`, trimmed.
fn line_at(src: &str, at: usize) -> (usize, &str) {
    let at = at.min(src.len());
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    (start, src[start..end].trim())
}

/// TOML syntax errors, each said once at the right place: a table defined
/// twice is one error at its second header (not one more for every key
/// under it), and nesting too deep for the parser is located at its line.
fn syntax_errors(w: &mut Walker<'_>, errors: &[toml::de::Error]) {
    let expected = "valid TOML: `key = value` lines under `[table]` headers";
    let mut skip_until: Option<usize> = None;
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim();
        if message.contains("recursion limit") {
            // Find the line nested that deep ourselves: the parser gives up
            // at the start of the file.
            let deep = w.src.lines().scan(0, |pos, l| {
                let at = *pos;
                *pos += l.len() + 1;
                Some((at, l))
            });
            let found = deep
                .map(|(at, l)| {
                    (
                        at,
                        l,
                        l.split('=').next().unwrap_or("").matches('.').count(),
                    )
                })
                .max_by_key(|(_, _, dots)| *dots);
            let (at, len, dots) = found.map_or((0, 0, 0), |(a, l, d)| (a, l.len(), d));
            let d = w
                .at(at..at + len.min(40), "", format!("a key or table header nested {} levels deep", dots + 1))
                .expected("scenario tables one level deep, e.g. [force], with plain keys such as troops = 5000")
                .help("remove the dotted chain; see scenarios/coalition-baseline.toml for the layout");
            w.push(d);
            return;
        }
        if message.contains("duplicate key") {
            let (line_start, line) = line_at(w.src, span.start);
            if let Some(until) = skip_until
                && span.start < until
            {
                continue;
            }
            if line.starts_with('[') {
                // Every key under the repeated header repeats too: say it once.
                let next = w.src[line_start + 1..]
                    .match_indices("\n[")
                    .next()
                    .map_or(w.src.len(), |(i, _)| line_start + 1 + i);
                skip_until = Some(next);
                let header = line
                    .split(']')
                    .next()
                    .unwrap_or(line)
                    .trim_start_matches('[');
                let first = w.src[..line_start]
                    .lines()
                    .position(|l| {
                        l.trim().trim_start_matches('[').split(']').next() == Some(header)
                    })
                    .map_or(String::new(), |i| format!(" (first at line {})", i + 1));
                let d = w
                    .at(
                        span,
                        "",
                        format!("the table [{header}] appears twice{first}"),
                    )
                    .expected(expected)
                    .help(format!("merge the two [{header}] sections into one"));
                w.push(d);
                continue;
            }
        }
        let d = w
            .at(span, "", format!("TOML syntax: {message}"))
            .expected(expected)
            .help("check quotes, brackets and commas near the caret");
        w.push(d);
    }
}

/// Validate scenario text. `file` is used in diagnostics and recorded in the
/// scenario; every problem in the text is reported.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let mut w = Walker {
        file,
        src: text,
        diags: Vec::new(),
        index: std::cell::OnceCell::new(),
        expected: std::cell::RefCell::new((Vec::new(), String::new())),
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // Not TOML, and no [scenario] table, or another kind of file by its
        // name (README.md, runs.csv), or broken on most of its lines: one
        // problem naming the file instead of one per line, and none of its
        // lines echoed.
        let scenario_header = text.lines().any(|l| {
            l.trim_start()
                .trim_start_matches('[')
                .trim_start()
                .starts_with("scenario")
        });
        let other_kind = std::path::Path::new(file)
            .extension()
            .is_some_and(|e| !e.eq_ignore_ascii_case("toml"));
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        let mostly_broken = errors.len() >= 10 && errors.len() * 3 >= lines;
        if !scenario_header || other_kind || mostly_broken {
            let first = errors.first().and_then(|e| e.span()).map_or(0, |s| s.start);
            let at = w.at(first..first, "", "");
            return Err(vec![Diagnostic::file_level(
                file,
                format!(
                    "`{file}` is not a scenario file: it is not TOML (the first problem is at line {}, column {}) and has no [scenario] table",
                    at.line.unwrap_or(1),
                    at.col
                ),
                "name a scenario file (`reassure new my-option.toml` writes one to start from)",
            )]);
        }
        syntax_errors(&mut w, &errors);
        return Err(w.diags);
    }
    let doc = doc.into_inner();

    let mut name: Option<(String, Range<usize>)> = None;
    // The key was written, even if its value was refused (then that is the
    // one error, not also "missing").
    let mut name_written = false;
    let (mut description, mut source) = (String::new(), String::new());
    let (mut seed, mut runs, mut horizon) = (DEFAULT_SEED, DEFAULT_RUNS, DEFAULT_HORIZON);
    let mut params: Vec<Param> = FIELDS.iter().map(|f| Param::Fixed(f.default)).collect();
    let mut assumptions = Vec::new();
    let mut expect = Vec::new();
    let mut scenario_span: Option<Range<usize>> = None;
    // `horizon_months` and `model_version` where written, for the note an
    // older file gets.
    let mut horizon_span: Option<Range<usize>> = None;
    let mut version: Option<(u32, Range<usize>)> = None;
    // Where each lever and coefficient was written, for cross-field rules.
    let mut spans: Vec<(String, Range<usize>)> = Vec::new();
    let mut pairs: Vec<Pair> = Vec::new();
    // The `[correlations]` header, and whether its walk found a problem.
    let mut corr_table: Option<(Range<usize>, bool)> = None;

    for (k, v) in doc.iter() {
        let table = k.get_ref().as_ref();
        if !TOP_TABLES.contains(&table) {
            w.unknown_key(k.span(), table, table, "", TOP_TABLES);
            continue;
        }
        let Some(t) = w.table_of(table, v) else {
            continue;
        };
        match table {
            "scenario" => {
                scenario_span = Some(k.span());
                for (k2, v2) in t.iter() {
                    let key = k2.get_ref().as_ref();
                    let path = format!("scenario.{key}");
                    match key {
                        "name" => {
                            name_written = true;
                            if let Some(s) = w.string(v2, &path) {
                                name = Some((s, v2.span()));
                            }
                        }
                        "description" => description = w.string(v2, &path).unwrap_or_default(),
                        "source" => source = w.string(v2, &path).unwrap_or_default(),
                        "seed" => {
                            seed = w
                                .int_in(
                                    v2,
                                    &path,
                                    0,
                                    i64::MAX as u64,
                                    "random seed",
                                    "use any whole number from 0 up",
                                )
                                .unwrap_or(seed)
                        }
                        "runs" => {
                            runs = w
                                .int_in(
                                    v2,
                                    &path,
                                    1,
                                    MAX_RUNS,
                                    "trajectories",
                                    "runs must be between 1 and 10000000000; 100000 is the default",
                                )
                                .unwrap_or(runs)
                        }
                        "horizon_months" => {
                            horizon_span = Some(k2.span());
                            horizon =
                                w.int_in(
                                    v2,
                                    &path,
                                    1,
                                    MAX_HORIZON as u64,
                                    "calendar months from the scenario's start",
                                    "horizon_months must be between 1 and 120; 36 is the default",
                                )
                                .unwrap_or(horizon as u64) as u32
                        }
                        "model_version" => {
                            if let Some(v) = w.int_in(
                                v2,
                                &path,
                                1,
                                MODEL_VERSION as u64,
                                "the model version the file is written for",
                                "write model_version = 3 (the current model)",
                            ) {
                                version = Some((v as u32, k2.span()));
                            }
                        }
                        _ => w.unknown_key(k2.span(), &path, key, "scenario", SCENARIO_KEYS),
                    }
                }
            }
            "assumptions" => {
                let names: Vec<&str> = COEFS.iter().map(|c| c.name).collect();
                for (k2, v2) in t.iter() {
                    let key = k2.get_ref().as_ref();
                    let path = format!("assumptions.{key}");
                    let Some(coef) = Coef::find(key) else {
                        let help = suggest(key, names.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"));
                        let d = w
                            .at(k2.span(), &path, format!("unknown coefficient `{key}`"))
                            .expected(
                                "the name of a model coefficient (see the table in docs/model.md)",
                            )
                            .help_opt(
                                help.or(Some(
                                    "`reassure explain` and docs/model.md list every coefficient"
                                        .into(),
                                )),
                            );
                        w.push(d);
                        continue;
                    };
                    let s = coef.spec();
                    let spec = FieldSpec {
                        table: "assumptions",
                        key: s.name,
                        kind: if s.integer { Kind::Int } else { Kind::Float },
                        min: s.min,
                        max: s.max,
                        default: s.default,
                        unit: s.unit,
                        doc: s.role,
                        source: s.source,
                    };
                    if let Some(p) = w.param(&spec, &path, v2) {
                        assumptions.push((coef, p));
                        spans.push((path.clone(), k2.span()));
                    }
                }
            }
            "correlations" => {
                let before = w.diags.len();
                correlation_pairs(&mut w, t, &mut pairs);
                corr_table = Some((k.span(), w.diags.len() > before));
            }
            "expect" => {
                for (k2, v2) in t.iter() {
                    let key = k2.get_ref().as_ref();
                    let path = format!("expect.{key}");
                    let Some(outcome) = Share::find(key) else {
                        let names = Share::names();
                        let expected = format!(
                            "one of {}",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        let d = match v2_replacement(key) {
                            Some(new) => w
                                .at(
                                    k2.span(),
                                    &path,
                                    format!("`{key}` is a class of model version 2"),
                                )
                                .expected(expected)
                                .help(format!(
                                    "model version 3 scores the peace at the horizon apart from the mission's fate: use {new}"
                                )),
                            None => {
                                let help = suggest(key, names.iter().copied())
                                    .map(|s| format!("did you mean `{s}`?"));
                                w.at(k2.span(), &path, format!("unknown outcome `{key}`"))
                                    .expected(expected)
                                    .help_opt(help)
                            }
                        };
                        w.push(d);
                        continue;
                    };
                    if let Some(e) = expectation(&mut w, outcome, &path, v2) {
                        expect.push(e);
                    }
                }
            }
            _ => {
                let keys = Field::keys_of(table);
                for (k2, v2) in t.iter() {
                    let key = k2.get_ref().as_ref();
                    let path = format!("{table}.{key}");
                    match Field::find(table, key) {
                        Some(f) => {
                            if let Some(p) = w.param(f.spec(), &path, v2) {
                                params[f as usize] = p;
                                spans.push((path.clone(), k2.span()));
                            }
                        }
                        None => w.unknown_key(k2.span(), &path, key, table, &keys),
                    }
                }
            }
        }
    }

    let slug = match &name {
        None if name_written => String::new(),
        None => {
            let span = scenario_span.clone().unwrap_or(0..0);
            let d = w
                .at(
                    span,
                    "scenario.name",
                    "missing required key `scenario.name`",
                )
                .expected("a string naming the scenario, e.g. name = \"Rear-area force, 5,000\"")
                .help("add `name = \"...\"` under [scenario]");
            w.push(d);
            String::new()
        }
        Some((n, span)) => {
            if n.trim().is_empty() {
                let d = w
                    .at(span.clone(), "scenario.name", "the name is empty")
                    .expected("a name for the scenario (its results folder is named after it)")
                    .help("e.g. name = \"Baseline 1\"");
                w.push(d);
            }
            slugify(n)
        }
    };

    if let Some((span, walk_failed)) = corr_table {
        let before = w.diags.len();
        correlated_inputs_are_drawn(&mut w, &pairs, &params, &assumptions, &spans);
        if !walk_failed && w.diags.len() == before {
            correlations_are_consistent(&mut w, &pairs, span);
        }
    }
    if w.diags.is_empty() {
        cross_field_rules(&mut w, &params, &assumptions, &spans);
    }
    if !w.diags.is_empty() {
        w.diags.sort_by_key(|d| (d.line, d.col));
        return Err(w.diags);
    }
    let mut notes = version_notes(file, text, version, horizon_span, scenario_span);
    notes.extend(implausible_notes(file, text, &assumptions, &spans));
    Ok(Scenario {
        name: name.map(|n| n.0).unwrap_or_default(),
        slug,
        description,
        source,
        file: file.to_string(),
        sha256: hex(&Sha256::digest(text.as_bytes())),
        text: std::sync::Arc::from(text),
        seed,
        runs,
        horizon_months: horizon,
        params,
        assumptions,
        correlations: pairs
            .iter()
            .map(|p| Correlation {
                a: p.a.lever,
                b: p.b.lever,
                rho: p.rho,
            })
            .collect(),
        expect,
        notes,
        spans,
    })
}

/// A note at each `[assumptions]` coefficient set outside its plausible
/// range (a value, or a distribution whose support reaches beyond it):
/// allowed, since the hard range is what validation refuses, but the
/// results then rest on a value the evidence does not support.
fn implausible_notes(
    file: &str,
    text: &str,
    assumptions: &[(Coef, Param)],
    spans: &[(String, Range<usize>)],
) -> Vec<Diagnostic> {
    assumptions
        .iter()
        .filter_map(|(c, p)| {
            let spec = c.spec();
            let (lo, hi) = spec.plausible;
            let (min, max) = match p {
                Param::Fixed(x) => (*x, *x),
                Param::Dist(d) => d.support(),
            };
            if min >= lo && max <= hi {
                return None;
            }
            let key = format!("assumptions.{}", spec.name);
            let span = spans.iter().find(|(k, _)| *k == key)?.1.clone();
            let fmt = crate::scenario::spec::fmt_num;
            let what = match p {
                Param::Fixed(x) => format!("{} is", fmt(*x)),
                Param::Dist(_) => "the distribution reaches".to_string(),
            };
            let range = format!("{} – {}", fmt(lo), fmt(hi));
            Some(
                Diagnostic::at(
                    file,
                    text,
                    span,
                    &key,
                    format!(
                        "{what} outside the plausible range {range} (docs/model.md, \"Coefficients\")"),
                )
                .expected(format!(
                    "a value in {range}, where the evidence (or, for an assumption, our judgement) puts it"))
                .help(
                    "allowed: the scenario runs as written, but say why in a comment; `reassure sensitivity --coefficients` shows how much it moves the results",
                )
                .note(),
            )
        })
        .collect()
}

/// The note a file written for an earlier model version (or saying none)
/// gets, at its `horizon_months`, its `model_version` or its `[scenario]`
/// header: what changed in version 3 and how to keep the file's meaning.
fn version_notes(
    file: &str,
    text: &str,
    version: Option<(u32, Range<usize>)>,
    horizon: Option<Range<usize>>,
    table: Option<Range<usize>>,
) -> Vec<Diagnostic> {
    if version.as_ref().is_some_and(|(v, _)| *v == MODEL_VERSION) {
        return Vec::new();
    }
    let (span, key, message) = match (&horizon, &version) {
        (Some(h), _) => (
            h.clone(),
            "scenario.horizon_months",
            "horizon_months now counts calendar months from the scenario's start, the same for every option (model version 3); it counted mission months after the force arrived",
        ),
        (None, Some((_, v))) => (
            v.clone(),
            "scenario.model_version",
            "this file is written for an earlier model version; version 3 runs every option on one calendar of 36 months by default",
        ),
        (None, None) => (
            table.unwrap_or(0..0),
            "scenario",
            "this file does not say which model version it is written for; version 3 runs every option on one calendar of 36 months by default (the horizon counted 24 mission months after arrival)",
        ),
    };
    vec![
        Diagnostic::at(file, text, span, key, message)
            .expected("`model_version = 3` under [scenario] once the file is checked against version 3")
            .help(
                "to keep an old file's meaning, set horizon_months to the window, the lag and the old horizon added up (6 + 2 + 24 = 32 for a ceasefire-first option); every run now lives to the horizon, and results lead with the peace at the horizon (ceasefire quiet or contested, war, wider war) and the mission's fate",
            )
            .note(),
    ]
}

/// An input named in `[correlations]`, where it is named.
struct Named {
    lever: Lever,
    /// The key's path in diagnostics (`correlations."a"."b"`) and its span.
    path: String,
    span: Range<usize>,
}

/// A pair of `[correlations]` as written.
struct Pair {
    a: Named,
    b: Named,
    rho: f64,
}

/// The diagnostic path of an outer key of `[correlations]`, or of an inner
/// key under it: the names quoted, as they are written.
fn corr_path(a: &str, b: Option<&str>) -> String {
    match b {
        None => format!("correlations.\"{a}\""),
        Some(b) => format!("correlations.\"{a}\".\"{b}\""),
    }
}

/// Resolve a name of `[correlations]`, or report why it names nothing: a
/// typo, or a dotted name without quotes (which TOML reads as a table).
fn corr_name(
    w: &mut Walker<'_>,
    key: &str,
    v: &Spanned<DeValue<'_>>,
    span: Range<usize>,
    path: &str,
) -> Option<Lever> {
    if let Some(l) = Lever::find(key) {
        return Some(l);
    }
    let e = "the dotted name of an input given as a distribution, in quotes: a lever (\"russia.risk_appetite\") or a coefficient (\"assumptions.pressure_effect\")";
    if let (true, DeValue::Table(t)) = (input::is_input_table(key), v.get_ref()) {
        let inner = t
            .iter()
            .next()
            .map_or("…".to_string(), |(k, _)| k.get_ref().to_string());
        let d = w
            .at(span, path, format!("`{key}.{inner}` without quotes is read as a table `{key}`, not as the name of an input"))
            .expected(e)
            .help(format!("put the whole name in quotes: `\"{key}.{inner}\"`"));
        w.push(d);
        return None;
    }
    let h = input::hint(key);
    let d = w
        .at(span, path, format!("unknown input `{key}`"))
        .expected(format!("{e}; {}", h.valid))
        .help_opt(h.suggestion.map(|s| format!("did you mean `{s}`?")));
    w.push(d);
    None
}

/// The 1-based line of byte `at`.
fn line_of(src: &str, at: usize) -> usize {
    src[..at.min(src.len())].matches('\n').count() + 1
}

/// Walk `[correlations]`: every name resolved, every coefficient a number
/// strictly between −1 and 1, no input paired with itself, no pair twice.
fn correlation_pairs(w: &mut Walker<'_>, t: &DeTable<'_>, pairs: &mut Vec<Pair>) {
    let rho_expected = "a rank correlation: a number between -1 and 1 (exclusive), e.g. -0.4";
    // The names first; then the pairs in file order (the tree's own order
    // is not the file's), so that a repeated pair is reported where it
    // repeats.
    let mut found = Vec::new();
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let path = corr_path(key, None);
        let Some(a) = corr_name(w, key, v, k.span(), &path) else {
            continue;
        };
        let DeValue::Table(inner) = v.get_ref() else {
            let d = w
                .at(
                    v.span(),
                    &path,
                    format!("expected a table, found {}", type_name(v.get_ref())),
                )
                .expected(
                    "a table of the inputs it is correlated with, e.g. { \"ceasefire.probability\" = -0.5 }",
                )
                .help(format!(
                    "write `\"{key}\" = {{ \"<other input>\" = <correlation> }}`"
                ));
            w.push(d);
            continue;
        };
        for (k2, v2) in inner.iter() {
            let key2 = k2.get_ref().as_ref();
            let path2 = corr_path(key, Some(key2));
            let Some(b) = corr_name(w, key2, v2, k2.span(), &path2) else {
                continue;
            };
            let a = Named {
                lever: a,
                path: path.clone(),
                span: k.span(),
            };
            let b = Named {
                lever: b,
                path: path2,
                span: k2.span(),
            };
            found.push((a, b, v2));
        }
    }
    found.sort_by_key(|(_, b, _)| b.span.start);
    for (a, b, v) in found {
        let Some(rho) = w.finite(v, &b.path, rho_expected) else {
            continue;
        };
        if rho.abs() >= 1.0 {
            let (message, help) = if rho.abs() == 1.0 {
                (
                    format!(
                        "a correlation of {} makes one input a function of the other",
                        fmt_num(rho)
                    ),
                    format!(
                        "use a value short of it, e.g. {}",
                        if rho > 0.0 { "0.95" } else { "-0.95" }
                    ),
                )
            } else {
                (
                    format!("{} is not a correlation", fmt_num(rho)),
                    "a rank correlation lies between -1 and 1".to_string(),
                )
            };
            let d = w
                .at(v.span(), &b.path, message)
                .expected(rho_expected)
                .help(help);
            w.push(d);
            continue;
        }
        let (x, y) = (a.lever, b.lever);
        if x == y {
            let name = x.path();
            let d = w
                .at(
                    b.span.clone(),
                    &b.path,
                    "an input cannot be correlated with itself",
                )
                .expected("a pair of two different inputs")
                .help(format!(
                    "remove `\"{name}\" = …` from the table of `\"{name}\"`"
                ));
            w.push(d);
            continue;
        }
        if let Some(first) = pairs
            .iter()
            .find(|p| (p.a.lever, p.b.lever) == (x, y) || (p.a.lever, p.b.lever) == (y, x))
        {
            let line = line_of(w.src, first.b.span.start);
            let d = w
                .at(
                    b.span.clone(),
                    &b.path,
                    format!(
                        "the pair `{}` and `{}` is given twice (first at line {line})",
                        x.path(),
                        y.path()
                    ),
                )
                .expected("each pair once, in either order")
                .help("keep one of the two");
            w.push(d);
            continue;
        }
        pairs.push(Pair { a, b, rho });
    }
}

/// A distribution a person might give an input, for the help text.
fn example_dist(l: Lever) -> String {
    let (lo, hi, default) = match l {
        Lever::Field(i) => (FIELDS[i].min, FIELDS[i].max, FIELDS[i].default),
        Lever::Coef(c) => {
            let s = c.spec();
            (s.plausible.0, s.plausible.1, s.default)
        }
    };
    match l.kind() {
        Kind::Bool => "{ dist = \"choice\", values = [true, false], weights = [1, 1] }".into(),
        Kind::Name(names) => format!(
            "{{ dist = \"choice\", values = [{}], weights = [{}] }}",
            quoted_list(names),
            vec!["1"; names.len()].join(", ")
        ),
        _ => format!(
            "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
            fmt_num(lo),
            fmt_num(default.clamp(lo, hi)),
            fmt_num(hi)
        ),
    }
}

/// Every input named in `[correlations]` must be drawn per run: given as a
/// distribution in this file. Reported once per input, where it is first
/// named; an input whose own value was refused is not reported again.
fn correlated_inputs_are_drawn(
    w: &mut Walker<'_>,
    pairs: &[Pair],
    params: &[Param],
    assumptions: &[(Coef, Param)],
    spans: &[(String, Range<usize>)],
) {
    let mut seen: Vec<Lever> = Vec::new();
    for n in pairs.iter().flat_map(|p| [&p.a, &p.b]) {
        if seen.contains(&n.lever) {
            continue;
        }
        seen.push(n.lever);
        let x = match n.lever {
            Lever::Field(i) => match &params[i] {
                Param::Fixed(x) => *x,
                Param::Dist(_) => continue,
            },
            Lever::Coef(c) => match assumptions.iter().find(|(k, _)| *k == c) {
                Some((_, Param::Dist(_))) => continue,
                Some((_, Param::Fixed(x))) => *x,
                None => c.spec().default,
            },
        };
        let name = n.lever.path();
        let refused = w
            .diags
            .iter()
            .any(|d| d.key == name || d.key.starts_with(&format!("{name}.")));
        if refused {
            continue;
        }
        let shown = param_text(x, n.lever.kind());
        let how = if spans.iter().any(|(p, _)| *p == name) {
            format!("is fixed at {shown} in this file")
        } else {
            format!("is not set in this file (its default is {shown})")
        };
        let (table, key) = name.split_once('.').unwrap_or(("", &name));
        let d = w
            .at(
                n.span.clone(),
                &n.path,
                format!("`{name}` {how}: only inputs given as distributions can be correlated"),
            )
            .expected(
                "an input drawn once per run: a lever or coefficient given as a distribution in this file",
            )
            .help(format!(
                "give it a distribution, e.g. `{key} = {}` in [{table}], or remove its pairs",
                example_dist(n.lever)
            ));
        w.push(d);
    }
}

/// A named or yes/no value as a file writes it.
fn param_text(x: f64, kind: Kind) -> String {
    match kind {
        Kind::Bool => (x != 0.0).to_string(),
        Kind::Name(names) => names
            .get(x as usize)
            .map_or_else(|| fmt_num(x), |n| format!("\"{n}\"")),
        _ => fmt_num(x),
    }
}

/// Whether the pairs' rank correlations, scaled by `scale`, can all hold:
/// their matrix (1 on the diagonal, 0 for pairs not given) and the normal
/// scores' matrix the method factors (docs/model.md, "Correlated inputs")
/// are both positive definite.
fn consistent(levers: &[Lever], pairs: &[Pair], scale: f64) -> bool {
    let k = levers.len();
    let at = |l: Lever| levers.iter().position(|x| *x == l).unwrap_or(0);
    let (mut r, mut t) = (vec![0.0; k * k], vec![0.0; k * k]);
    for i in 0..k {
        r[i * k + i] = 1.0;
        t[i * k + i] = 1.0;
    }
    for p in pairs {
        let (i, j) = (at(p.a.lever), at(p.b.lever));
        let x = p.rho * scale;
        r[i * k + j] = x;
        r[j * k + i] = x;
        t[i * k + j] = crate::math::pearson_of_spearman(x);
        t[j * k + i] = t[i * k + j];
    }
    let mut l = vec![0.0; k * k];
    crate::math::cholesky(&r, k, &mut l) && crate::math::cholesky(&t, k, &mut l)
}

/// The correlations must be able to hold together (a positive definite
/// matrix); if not, say by how much to weaken them.
fn correlations_are_consistent(w: &mut Walker<'_>, pairs: &[Pair], span: Range<usize>) {
    let mut levers: Vec<Lever> = Vec::new();
    for l in pairs.iter().flat_map(|p| [p.a.lever, p.b.lever]) {
        if !levers.contains(&l) {
            levers.push(l);
        }
    }
    if consistent(&levers, pairs, 1.0) {
        return;
    }
    // The set of scales that work is an interval from 0: bisect it, then
    // round down to a hundredth that works.
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..50 {
        let mid = (lo + hi) / 2.0;
        if consistent(&levers, pairs, mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut scale = (lo * 100.0).floor() / 100.0;
    while scale > 0.0 && !consistent(&levers, pairs, scale) {
        scale -= 0.01;
    }
    let mut strongest: Vec<&Pair> = pairs.iter().collect();
    strongest.sort_by(|x, y| y.rho.abs().total_cmp(&x.rho.abs()));
    let largest: Vec<String> = strongest
        .iter()
        .take(3)
        .map(|p| {
            format!(
                "`{}` ~ `{}` = {}",
                p.a.lever.path(),
                p.b.lever.path(),
                fmt_num(p.rho)
            )
        })
        .collect();
    let d = w
        .at(span, "correlations", format!("the correlations cannot all hold at once: their matrix over the {} inputs (0 for pairs not given) is not positive definite", levers.len()))
        .expected("rank correlations that are consistent with one another (a positive definite correlation matrix)")
        .help(format!(
            "weaken the largest coefficients ({}); multiplying every coefficient by {} would make them consistent",
            largest.join(", "),
            fmt_num(scale.max(0.0))
        ));
    w.push(d);
}

/// One side of a cross-field rule: a lever or a coefficient, with the
/// range of values its runs can draw.
struct Side {
    path: String,
    lo: f64,
    hi: f64,
}

impl Side {
    fn describe(&self, take: fn(&Side) -> f64) -> String {
        if self.lo == self.hi {
            format!("`{}` = {}", self.path, fmt_num(self.lo))
        } else {
            format!("`{}` (which can draw {})", self.path, fmt_num(take(self)))
        }
    }
}

/// Rules that involve two or more keys, checked for every value a run can
/// draw (for a distribution, the ends of its support). Each problem is
/// reported once, at the key written last in the file.
fn cross_field_rules(
    w: &mut Walker<'_>,
    params: &[Param],
    assumptions: &[(Coef, Param)],
    spans: &[(String, Range<usize>)],
) {
    let field = |f: Field| {
        let (lo, hi) = params[f as usize].bounds();
        Side {
            path: f.spec().path(),
            lo,
            hi,
        }
    };
    let coef = |c: Coef| {
        let (lo, hi) = assumptions
            .iter()
            .find(|(k, _)| *k == c)
            .map_or((c.spec().default, c.spec().default), |(_, p)| p.bounds());
        Side {
            path: format!("assumptions.{}", c.spec().name),
            lo,
            hi,
        }
    };
    let report =
        |w: &mut Walker<'_>, sides: &[&Side], message: String, expected: &str, help: String| {
            let place = spans
                .iter()
                .filter(|(p, _)| sides.iter().any(|s| s.path == *p))
                .max_by_key(|(_, span)| span.start);
            let (key, span) = match place {
                Some((p, span)) => (p.clone(), span.clone()),
                None => (sides[0].path.clone(), 0..0),
            };
            let d = w.at(span, &key, message).expected(expected).help(help);
            w.push(d);
        };
    // A minimum never above its maximum (or mode).
    for (a, b) in crate::model::coef::ORDERED {
        let (a, b) = (coef(a), coef(b));
        if a.hi > b.lo {
            let msg = format!("{} is above {}", a.describe(|s| s.hi), b.describe(|s| s.lo));
            let help = format!(
                "make `{}` at most {} in every run, or raise `{}`",
                a.path,
                fmt_num(b.lo),
                b.path
            );
            report(
                w,
                &[&a, &b],
                msg,
                "the lower bound at most the upper bound in every run",
                help,
            );
        }
    }
    let (nations, ground) = (field(Field::Nations), field(Field::GroundContributors));
    if ground.hi > nations.lo {
        let msg = format!(
            "{} exceeds {}",
            ground.describe(|s| s.hi),
            nations.describe(|s| s.lo)
        );
        let help = format!(
            "ground contributors are some of the contributing nations: raise `force.nations` to at least {} or lower `force.ground_contributors`",
            fmt_num(ground.hi)
        );
        report(
            w,
            &[&nations, &ground],
            msg,
            "force.ground_contributors at most force.nations",
            help,
        );
    }
    let (troops, trainers) = (field(Field::Troops), field(Field::Trainers));
    if troops.hi + trainers.hi > 0.0 && ground.lo < 1.0 {
        let msg = format!(
            "{} but the force has troops or trainers",
            ground.describe(|s| s.lo)
        );
        let help = "someone must send the troops: set `force.ground_contributors` to at least 1, or `force.troops` and `force.trainers` to 0 for an air- or sea-only force".to_string();
        report(
            w,
            &[&troops, &trainers, &ground],
            msg,
            "at least one ground contributor whenever troops or trainers deploy",
            help,
        );
    }
    // Shares of one whole never above 1.
    for (a, b, rest) in crate::model::coef::SHARES {
        let (a, b) = (coef(a), coef(b));
        if a.hi + b.hi > 1.0 + 1e-12 {
            let msg = format!(
                "{} and {} add up to more than 1",
                a.describe(|s| s.hi),
                b.describe(|s| s.hi)
            );
            let expected = format!(
                "two shares of one whole that sum to at most 1 in every run (the rest is {rest})"
            );
            report(w, &[&a, &b], msg, &expected, "lower one of the two".into());
        }
    }
}

fn expectation(
    w: &mut Walker<'_>,
    outcome: Share,
    path: &str,
    v: &Spanned<DeValue<'_>>,
) -> Option<Expectation> {
    let expected =
        "a table of bounds on the probability, e.g. { max = 0.05 } or { min = 0.1, max = 0.4 }";
    let DeValue::Table(t) = v.get_ref() else {
        let d = w
            .at(
                v.span(),
                path,
                format!("expected a table, found {}", type_name(v.get_ref())),
            )
            .expected(expected);
        w.push(d);
        return None;
    };
    let mut e = Expectation {
        share: outcome,
        min: None,
        max: None,
    };
    let mut ok = true;
    for (k, b) in t.iter() {
        let key = k.get_ref().as_ref();
        let bpath = format!("{path}.{key}");
        if key != "min" && key != "max" {
            w.unknown_key(k.span(), &bpath, key, path, &["min", "max"]);
            ok = false;
            continue;
        }
        let Some(x) = w.finite(b, &bpath, "a probability from 0 to 1") else {
            ok = false;
            continue;
        };
        if !(0.0..=1.0).contains(&x) {
            let d = w
                .at(b.span(), &bpath, format!("{x} is not a probability"))
                .expected("a probability from 0 to 1");
            w.push(d);
            ok = false;
            continue;
        }
        if key == "min" {
            e.min = Some(x);
        } else {
            e.max = Some(x);
        }
    }
    if ok && e.min.is_none() && e.max.is_none() {
        let d = w
            .at(v.span(), path, "an expectation needs `min`, `max` or both")
            .expected(expected);
        w.push(d);
        return None;
    }
    if let (Some(lo), Some(hi)) = (e.min, e.max)
        && lo > hi
    {
        let d = w
            .at(v.span(), path, format!("min {lo} is greater than max {hi}"))
            .expected(expected)
            .help("swap `min` and `max`");
        w.push(d);
        return None;
    }
    ok.then_some(e)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(text: &str) -> Vec<Diagnostic> {
        parse(text, "t.toml").expect_err("should be invalid")
    }

    #[test]
    fn minimal_file_gets_defaults() {
        let s = parse("[scenario]\nname = \"x\"\n", "t.toml").unwrap();
        assert_eq!((s.seed, s.runs, s.horizon_months), (2025, 100_000, 36));
        assert_eq!(s.slug, "x");
        assert!(matches!(s.param(Field::WindowMonths), Param::Fixed(6.0)));
    }

    #[test]
    fn a_coefficient_outside_its_plausible_range_runs_with_a_located_note() {
        let text = "[scenario]\nname = \"x\"\nmodel_version = 3\n[assumptions]\nrelapse_scale = 150\nrelapse_shape = 0.4\nwithdrawal_emboldening = { dist = \"uniform\", min = 0.5, max = 2 }\n";
        let s = parse(text, "t.toml").expect("allowed: inside the hard range");
        let keys: Vec<_> = s.notes.iter().map(|d| (d.key.as_str(), d.line)).collect();
        assert_eq!(
            keys,
            [
                ("assumptions.relapse_scale", Some(5)),
                ("assumptions.withdrawal_emboldening", Some(7))
            ]
        );
        assert!(s.notes.iter().all(|d| d.is_note));
        assert!(
            s.notes[0]
                .message
                .contains("150 is outside the plausible range 400 – 1500")
        );
        assert!(s.notes[1].message.contains("distribution reaches"));
        // inside the plausible range: silence
        let s = parse(
            "[scenario]\nname = \"x\"\nmodel_version = 3\n[assumptions]\nrelapse_scale = 400\n",
            "t.toml",
        )
        .unwrap();
        assert!(s.notes.is_empty(), "{:?}", s.notes);
    }

    #[test]
    fn every_problem_is_reported() {
        let text = "[scenario]\nname = \"x\"\nrunz = 5\n[force]\ntroop = 5\nzone = \"rera\"\naircraft = -3\n";
        let d = errs(text);
        assert_eq!(d.len(), 4, "{d:#?}");
        assert_eq!(d[0].key, "scenario.runz");
        assert_eq!(d[1].help.as_deref(), Some("did you mean `troops`?"));
        assert_eq!(d[2].help.as_deref(), Some("did you mean \"rear\"?"));
        assert_eq!(d[3].key, "force.aircraft");
        // aircraft out of range is reported too
        let d = errs("[scenario]\nname = \"x\"\n[force]\naircraft = -3\n");
        assert_eq!(d[0].key, "force.aircraft");
        assert_eq!((d[0].line, d[0].col), (Some(4), 12));
    }

    #[test]
    fn distributions_for_named_fields_and_booleans() {
        let s = parse(
            "[scenario]\nname = \"x\"\n[us_backstop]\nlevel = { dist = \"choice\", values = [\"none\", \"air_support\"], weights = [1, 3] }\n[ceasefire]\nrequired_before_deployment = { dist = \"choice\", values = [true, false], weights = [1, 1] }\n",
            "t.toml",
        )
        .unwrap();
        let Param::Dist(d) = s.param(Field::BackstopLevel) else {
            panic!()
        };
        assert_eq!(d.central(), 3.0);
    }

    #[test]
    fn embedded_default_is_valid() {
        let s = parse(super::super::DEFAULT_SCENARIO_TEXT, "default").unwrap();
        let dists = s
            .params
            .iter()
            .filter(|p| matches!(p, Param::Dist(_)))
            .count();
        assert!(
            dists >= 4,
            "the default scenario needs at least four distributions, has {dists}"
        );
    }
}
