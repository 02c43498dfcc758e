//! `reassure new FILE [--from NAME] [--force]`: a scenario file with every
//! lever and every coefficient present and commented (meaning, unit, range,
//! default, source), with the values of the default scenario, a library
//! scenario or a scenario file.
//!
//! The values are printed from the parsed [`Scenario`], not copied from the
//! source's text, and the file is parsed again before it is written and
//! compared with the source field by field: what `new` writes validates and
//! means the same scenario, whatever the source looked like.

use super::inputs::{self, Input, print_diagnostics};
use super::term::{paint_errors, say, warn};
use super::{EXIT_INPUT, EXIT_WRITE, NewArgs};
use crate::model::coef::{COEFS, CoefSpec};
use crate::scenario::diag::suggest;
use crate::scenario::spec::{FIELDS, FieldSpec, Kind, fmt_num, quoted_list};
use crate::scenario::{
    self, DEFAULT_HORIZON, DEFAULT_RUNS, DEFAULT_SEED, Diagnostic, LIBRARY, MAX_FILE_BYTES,
    MAX_HORIZON, MAX_RUNS, MODEL_VERSION, Param, Scenario, library,
};
use crate::text::toml_string;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Comment lines are wrapped to this many columns.
const WIDTH: usize = 90;

/// The schema file a `#:schema` line names. The line is written only when
/// the target folder holds it (the library's folder does): anywhere else it
/// would point editors at a missing file, so the header says how to make one.
const SCHEMA_FILE: &str = "reassure.schema.json";

/// Where the values come from.
struct Source {
    scenario: Scenario,
    /// Its text, to tell a key it sets from one it leaves to the default.
    text: String,
    /// How the header and the closing line name it.
    label: String,
    /// The library file it is, whose comments give each figure's source.
    library: Option<&'static library::LibraryScenario>,
}

pub fn new(a: NewArgs) -> u8 {
    let source = match resolve(a.from.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let to_stdout = a.file.as_os_str() == "-";
    let target = (!to_stdout).then_some(a.file.as_path());
    if let Some(t) = target
        && let Err(code) = check_target(t, a.from.as_deref(), a.force)
    {
        return code;
    }
    let name = new_name(&source.scenario, target);
    let schema_line = target.is_some_and(|t| folder_of(t).join(SCHEMA_FILE).is_file());
    let text = render(&source, &name, schema_line);
    let shown = target.map_or_else(|| "<stdout>".to_string(), |t| t.display().to_string());
    if text.len() as u64 > MAX_FILE_BYTES {
        // Only a source whose description or source text nears the limit
        // itself: the comments add about 60 KB.
        warn(&paint_errors(&format!(
            "error: the new scenario would be {} bytes, over the 1 MiB limit for a scenario \
             file\n  = help: shorten the source's description or source text; nothing was \
             written\n",
            text.len()
        )));
        return EXIT_INPUT;
    }
    // A file that did not validate, or meant something else, would be a bug
    // here, not the user's mistake: say so, and write nothing (exit 3).
    match scenario::parse(&text, &shown) {
        Err(d) => {
            print_diagnostics(&d);
            warn(&paint_errors(
                "error: internal: the scenario `reassure new` generated does not validate \
                 (a bug: please report it with the command line); nothing was written\n",
            ));
            return EXIT_WRITE;
        }
        Ok(parsed) => {
            // Exact in every case tested; the tolerance only spares a user's
            // odd choice weights, which whole numbers may not reproduce to
            // the last bit.
            if let Err(why) = same_meaning(&source.scenario, &parsed, 1e-12)
                .and_then(|()| same_text(&parsed.name, &name, "name"))
            {
                warn(&paint_errors(&format!(
                    "error: internal: the scenario `reassure new` generated differs from its \
                     source ({why}; a bug: please report it); nothing was written\n"
                )));
                return EXIT_WRITE;
            }
        }
    }
    let Some(target) = target else {
        say(&text);
        return 0;
    };
    match write_atomically(target, text.as_bytes(), a.force) {
        Ok(()) => {}
        Err(WriteFailure::Exists) => return refuse_existing(target),
        Err(WriteFailure::Io(e)) => {
            warn(&paint_errors(&format!(
                "error: cannot write `{}`: {e}\n  = help: check that the folder is writable; \
                 nothing was written\n",
                target.display()
            )));
            return EXIT_WRITE;
        }
    }
    let q = shell_quote(&shown);
    say(&format!(
        "wrote {shown}: scenario \"{name}\" from {}; next: `reassure validate {q}`, then \
         `reassure run {q}`\n",
        source.label
    ));
    if target.extension().is_none_or(|e| e != "toml") {
        warn("note: `batch` and `validate` on a folder pick up `*.toml` files only\n");
    }
    0
}

/// The source named by `--from`: a library slug, `-`, or a scenario file;
/// the default scenario without it.
fn resolve(from: Option<&str>) -> Result<Source, u8> {
    let embedded = |l: &'static library::LibraryScenario, label: String| {
        match scenario::parse(l.text, &l.path()) {
            Ok(scenario) => Ok(Source {
                scenario,
                text: l.text.to_string(),
                label,
                library: Some(l),
            }),
            // The embedded library is valid (tested); this is only defence.
            Err(d) => Err(bad_source(&d)),
        }
    };
    let Some(from) = from else {
        let slug = library::default_slug();
        return match library::find(slug) {
            Some(l) => embedded(l, format!("the default scenario `{slug}`")),
            None => Err(unknown_name(slug)),
        };
    };
    // A library name, unless a file of that name is here (the rule every
    // command follows).
    if let Some(l) = inputs::library_named(Path::new(from)) {
        return embedded(l, format!("the library scenario `{}`", l.slug));
    }
    if from == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
        {
            return Err(bad_source(&[Diagnostic::file_level(
                "<stdin>",
                format!("cannot read standard input: {e}"),
                "pass a scenario on standard input, or name a file or library scenario",
            )]));
        }
        return match scenario::load_from(bytes.as_slice(), "<stdin>") {
            Ok(scenario) => Ok(Source {
                scenario,
                text: String::from_utf8_lossy(&bytes).into_owned(),
                label: "standard input".into(),
                library: None,
            }),
            Err(d) => Err(bad_source(&d)),
        };
    }
    let path = Path::new(from);
    let looks_like_a_path = from.contains(['/', '\\']) || from.ends_with(".toml");
    if !looks_like_a_path && std::fs::symlink_metadata(path).is_err() {
        return Err(unknown_name(from));
    }
    match inputs::load(&Input::File(path.to_path_buf())) {
        Ok(scenario) => Ok(Source {
            scenario,
            // Only for the "(default)" marks: values come from the parse.
            text: std::fs::read_to_string(path).unwrap_or_default(),
            label: format!("the file `{}`", one_line(&path.display().to_string())),
            library: None,
        }),
        Err(mut d) => {
            // `--from skyshield.toml` outside the repository: the library
            // file is built in under its stem.
            let stem = path.file_stem().map(|s| s.to_string_lossy());
            if let (Some(l), Some(first)) = (stem.as_deref().and_then(library::find), d.first_mut())
                && std::fs::symlink_metadata(path).is_err()
            {
                first.help = Some(format!(
                    "the library scenario `{0}` is built in: use `--from {0}`",
                    l.slug
                ));
            }
            Err(bad_source(&d))
        }
    }
}

fn bad_source(d: &[Diagnostic]) -> u8 {
    print_diagnostics(d);
    warn("cannot start from the scenario given with --from; nothing was written\n");
    EXIT_INPUT
}

fn unknown_name(from: &str) -> u8 {
    let slugs: Vec<&str> = LIBRARY.iter().map(|l| l.slug).collect();
    let help = match suggest(from, slugs.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "name a library scenario, or a scenario file's path (e.g. ./my.toml)".into(),
    };
    warn(&paint_errors(&format!(
        "error: `--from {}`: no library scenario and no file of that name\n  = expected: a \
         library scenario ({}) or the path of a scenario file\n  = help: {help}\n",
        crate::text::clip(from, 120),
        slugs.join(", ")
    )));
    EXIT_INPUT
}

/// Refuse a folder, a link, a device or FIFO, the `--from` file itself, and
/// an existing file without `--force`, before any work.
fn check_target(target: &Path, from: Option<&str>, force: bool) -> Result<(), u8> {
    let from = from.map(Path::new).filter(|p| p.is_file());
    match super::outfile::check(
        target,
        &from.into_iter().collect::<Vec<_>>(),
        force,
        "the scenario file",
    ) {
        Ok(_) => Ok(()),
        Err(msg) if msg.contains("already exists") => Err(refuse_existing(target)),
        Err(msg) => {
            warn(&paint_errors(&format!("{msg}\n")));
            Err(EXIT_INPUT)
        }
    }
}

fn refuse_existing(target: &Path) -> u8 {
    warn(&paint_errors(&format!(
        "error: `{}` already exists; nothing was written\n  = help: use --force to overwrite, \
         or choose another name\n",
        target.display()
    )));
    EXIT_INPUT
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The new scenario's name. Its slug names the results folder, and a copy
/// that kept the source's name would collide with it (`batch` refuses two
/// scenarios with one slug), so it is named after the file: `my-option.toml`
/// is "My option", whose slug is the file's stem. A stem with no usable
/// letter, or standard output, gives "<source name> (copy)"; a file named
/// after the source keeps the source's name.
fn new_name(source: &Scenario, target: Option<&Path>) -> String {
    let copy = format!("{} (copy)", source.name);
    let Some(stem) = target
        .and_then(|t| t.file_stem())
        .map(|s| s.to_string_lossy())
    else {
        return copy;
    };
    if scenario::slugify(&stem) == source.slug {
        return source.name.clone();
    }
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let mut name = words.join(" ");
    if let Some(first) = name.chars().next() {
        name = first.to_uppercase().chain(name.chars().skip(1)).collect();
    }
    if !name.chars().any(char::is_alphanumeric) {
        copy
    } else {
        name
    }
}

/// The `(table, key)` pairs written in a scenario's text.
fn written_keys(text: &str) -> HashSet<(String, String)> {
    let (doc, _) = toml::de::DeTable::parse_recoverable(text);
    let mut keys = HashSet::new();
    for (table, v) in doc.get_ref().iter() {
        if let toml::de::DeValue::Table(t) = v.get_ref() {
            for (key, _) in t.iter() {
                keys.insert((table.get_ref().to_string(), key.get_ref().to_string()));
            }
        }
    }
    keys
}

/// One short line per table of levers; a table missing here gets none.
const TABLE_DOCS: &[(&str, &str)] = &[
    (
        "ceasefire",
        "Whether and when a ceasefire comes, and who monitors it.",
    ),
    (
        "force",
        "The force: its size and make-up, where it deploys, who contributes it.",
    ),
    (
        "rules_of_engagement",
        "What the force may do when it or what it protects is attacked.",
    ),
    (
        "us_backstop",
        "What the United States commits, and whether it delivers.",
    ),
    ("russia", "Moscow's response to the force."),
    ("ukraine", "Ukraine's own armed forces."),
];

/// The whole file.
fn render(src: &Source, name: &str, schema_line: bool) -> String {
    let s = &src.scenario;
    let written = written_keys(&src.text);
    let is_written = |table: &str, key: &str| written.contains(&(table.into(), key.into()));
    let mut out = String::new();
    if schema_line {
        out.push_str(&format!("#:schema ./{SCHEMA_FILE}\n"));
    }
    header(&mut out, src, name, schema_line);

    out.push_str("\n[scenario]\n");
    let scenario_keys: [(&str, String, bool, String); 7] = [
        (
            "name",
            toml_string(name),
            true,
            if name == s.name {
                "The scenario's name (required). Its slug (lowercase letters, digits and -) \
                 names the results folder, output/<slug>/; it is the source's, as this file is \
                 named after the source: change it if both are to run in one batch."
                    .to_string()
            } else {
                format!(
                    "The scenario's name (required). Its slug (lowercase letters, digits and -) \
                     names the results folder, output/<slug>/, so `reassure new` gave it a name \
                     of its own (the source is \"{}\").",
                    s.name
                )
            },
        ),
        (
            "description",
            toml_string(&s.description),
            is_written("scenario", "description"),
            "What the option is, in a sentence or two; shown in reports. Default: empty.".into(),
        ),
        (
            "source",
            toml_string(&s.source),
            is_written("scenario", "source"),
            "Where its figures come from; shown in reports. Default: empty.".into(),
        ),
        (
            "seed",
            s.seed.to_string(),
            is_written("scenario", "seed"),
            format!(
                "Random seed: the same seed and runs give the same results, on any number of \
                 threads; `--seed` overrides it. A whole number from 0; default {DEFAULT_SEED}."
            ),
        ),
        (
            "runs",
            s.runs.to_string(),
            is_written("scenario", "runs"),
            format!(
                "Trajectories simulated; `--runs` overrides it. From 1 to {MAX_RUNS}; default \
                 {DEFAULT_RUNS}."
            ),
        ),
        (
            "horizon_months",
            s.horizon_months.to_string(),
            is_written("scenario", "horizon_months"),
            format!(
                "Calendar months simulated from the scenario's start, the same for every \
                 option compared (`--horizon` overrides it). From 1 to {MAX_HORIZON}; default \
                 {DEFAULT_HORIZON}."
            ),
        ),
        (
            "model_version",
            MODEL_VERSION.to_string(),
            true,
            "The model version this file is written for: version 3 runs every option on \
             one calendar and scores the peace at the horizon apart from the mission's \
             fate. A file without it loads with a note saying what changed."
                .into(),
        ),
    ];
    for (key, value, set, doc) in scenario_keys {
        comment(&mut out, "# ", &doc);
        assignment(&mut out, "", key, &value, set);
    }

    let mut tables: Vec<&str> = Vec::new();
    for f in &FIELDS {
        if !tables.contains(&f.table) {
            tables.push(f.table);
        }
    }
    for table in tables {
        out.push_str(&format!("\n[{table}]\n"));
        if let Some((_, doc)) = TABLE_DOCS.iter().find(|(t, _)| *t == table) {
            comment(&mut out, "# ", doc);
        }
        for (f, p) in FIELDS
            .iter()
            .zip(&s.params)
            .filter(|(f, _)| f.table == table)
        {
            out.push('\n');
            field_comment(&mut out, f);
            assignment(
                &mut out,
                "",
                f.key,
                &param_toml(p, f.kind),
                is_written(f.table, f.key),
            );
        }
    }

    out.push_str("\n[assumptions]\n");
    comment(
        &mut out,
        "# ",
        &format!(
            "Every coefficient of the model, {}: delete the `# ` before a `name = value` \
             line to override it (docs/model.md, \"Coefficients\", gives each one's \
             equation). Stay within the plausible range unless you mean to test the model; \
             validation accepts the hard range. Any value may be a distribution.",
            if s.assumptions.is_empty() {
                "at its default and commented out"
            } else {
                "written live where the source sets it, otherwise at its default and \
                 commented out"
            }
        ),
    );
    for (i, c) in COEFS.iter().enumerate() {
        out.push('\n');
        coef_comment(&mut out, c);
        let kind = coef_kind(c);
        match s.assumptions.iter().find(|(k, _)| *k as usize == i) {
            Some((_, p)) => assignment(&mut out, "", c.name, &param_toml(p, kind), true),
            None => assignment(&mut out, "# ", c.name, &fmt_num(c.default), true),
        }
    }

    correlations(&mut out, s);
    out
}

/// `[correlations]`: the source's pairs, grouped under their first input in
/// the order written, or an example commented out.
fn correlations(out: &mut String, s: &Scenario) {
    out.push_str("\n[correlations]\n");
    comment(
        out,
        "# ",
        &format!(
            "Spearman rank correlations between inputs given as distributions above, by their \
             dotted names in quotes (as `--vary` names them: `table.key` for a lever, \
             `assumptions.name` for a coefficient), each pair once, each coefficient strictly \
             between -1 and 1, e.g. `\"russia.risk_appetite\" = {{ \"ceasefire.probability\" = \
             -0.5 }}`. Each input keeps its distribution: its draws are rearranged across blocks \
             of {} runs (the Iman-Conover method, docs/model.md, \"Correlated inputs\"). \
             Inputs not named here are drawn independently.",
            crate::model::CORRELATION_BLOCK
        ),
    );
    let mut groups: Vec<(crate::scenario::Lever, Vec<String>)> = Vec::new();
    for c in &s.correlations {
        let item = format!("\"{}\" = {}", c.b.path(), fmt_num(c.rho));
        match groups.iter_mut().find(|(a, _)| *a == c.a) {
            Some((_, items)) => items.push(item),
            None => groups.push((c.a, vec![item])),
        }
    }
    for (a, items) in groups {
        out.push_str(&format!("\"{}\" = {{ {} }}\n", a.path(), items.join(", ")));
    }
}

fn header(out: &mut String, src: &Source, name: &str, schema_line: bool) {
    let s = &src.scenario;
    let from = match src.library {
        // A library file's header and line comments say where each of its
        // figures comes from; this file keeps only the registry's sources.
        Some(l) => format!(
            "{} (\"{}\"; its sources and reasoning are in {} of the reassure repository)",
            src.label,
            s.name,
            l.path()
        ),
        None => format!("{} (\"{}\")", src.label, s.name),
    };
    let paragraphs = [
        format!(
            "{name}: a scenario for `reassure`, written by `reassure new` (reassure {}) from {from}.",
            env!("CARGO_PKG_VERSION")
        ),
        "Every lever of the model is written out below with its value; the comment above \
         each says what it means, its unit, the values it takes, its default and its source. \
         A key marked (default) was not set in the source and has the default value, as it \
         would if you deleted the line. Any number may instead be a distribution drawn once \
         per run, such as `{ dist = \"uniform\", min = 0.2, max = 0.6 }`; see the README, \
         \"Writing a scenario\"."
            .to_string(),
        format!(
            "[assumptions] lists every model coefficient, commented out at its default{}.",
            match s.assumptions.len() {
                0 => String::new(),
                1 => "; the one the source overrides is written live".into(),
                n => format!("; the {n} the source overrides are written live"),
            }
        ),
        format!(
            "[correlations], at the end, gives rank correlations between inputs drawn from \
             distributions{}.",
            match s.correlations.len() {
                0 => "; the source gives none".to_string(),
                1 => ": the source's one pair".into(),
                n => format!(": the source's {n} pairs"),
            }
        ),
        "Not copied: the source's [expect] bounds, which are claims about that option, not \
         about yours. Add your own to have `run` and `batch` check them, e.g. `[expect]` with \
         `wider_war = { max = 0.05 }`."
            .to_string(),
        if schema_line {
            "Check it with `reassure validate FILE`, then run it with `reassure run FILE`. \
             The first line lets an editor with a TOML language server (taplo) check and \
             complete keys as you type."
                .to_string()
        } else {
            format!(
                "Check it with `reassure validate FILE`, then run it with `reassure run FILE`. \
                 To have an editor with a TOML language server (taplo) check and complete keys \
                 as you type, save the output of `reassure schema` as {SCHEMA_FILE} beside \
                 this file and make `#:schema ./{SCHEMA_FILE}` its first line."
            )
        },
    ];
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str("#\n");
        }
        comment(out, "# ", p);
    }
}

fn field_comment(out: &mut String, f: &FieldSpec) {
    comment(out, "# ", f.doc);
    let values = match f.kind {
        Kind::Bool => "True or false".to_string(),
        Kind::Name(names) => format!("One of {}", quoted_list(names)),
        Kind::Int => format!(
            "Unit: {}; a whole number from {} to {}",
            f.unit,
            fmt_num(f.min),
            fmt_num(f.max)
        ),
        Kind::Float => format!(
            "Unit: {}; a number from {} to {}",
            f.unit,
            fmt_num(f.min),
            fmt_num(f.max)
        ),
    };
    comment(
        out,
        "#   ",
        &format!("{values}; default {}.", f.default_toml()),
    );
    comment(out, "#   ", &format!("Source: {}", f.source));
}

fn coef_comment(out: &mut String, c: &CoefSpec) {
    comment(out, "# ", &sentence(c.role));
    comment(
        out,
        "#   ",
        &format!(
            "Unit: {}{}; plausible {} to {}; hard range {} to {}; default {}.",
            c.unit,
            if c.integer { ", a whole number" } else { "" },
            fmt_num(c.plausible.0),
            fmt_num(c.plausible.1),
            fmt_num(c.min),
            fmt_num(c.max),
            fmt_num(c.default)
        ),
    );
    comment(out, "#   ", &format!("Source: {}", sentence(c.source)));
}

fn coef_kind(c: &CoefSpec) -> Kind {
    if c.integer { Kind::Int } else { Kind::Float }
}

/// `key = value`, after `prefix` (`# ` for a commented-out coefficient),
/// marked when the value is the default because the source left it out.
fn assignment(out: &mut String, prefix: &str, key: &str, value: &str, set: bool) {
    out.push_str(&format!("{prefix}{key} = {value}"));
    if !set {
        out.push_str("   # (default)");
    }
    out.push('\n');
}

fn sentence(s: &str) -> String {
    if s.ends_with(['.', '?', '!']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// A parameter as a scenario file writes it.
fn param_toml(p: &Param, kind: Kind) -> String {
    match p {
        Param::Dist(d) => d.to_toml(kind),
        Param::Fixed(x) => match kind {
            Kind::Bool => (*x != 0.0).to_string(),
            Kind::Name(names) => names
                .get(*x as usize)
                .map_or_else(|| fmt_num(*x), |n| format!("\"{n}\"")),
            Kind::Int | Kind::Float => fmt_num(*x),
        },
    }
}

/// Text for a one-line comment: control characters (a newline in a path)
/// shown as escapes, so they cannot end the comment.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| crate::text::show_char(c, false))
        .collect()
}

/// `text` as comment lines of at most [`WIDTH`] columns, each starting with
/// `prefix`. A `backticked` span is never split (it is code to copy); a
/// word longer than a line gets a line of its own.
fn comment(out: &mut String, prefix: &str, text: &str) {
    let text = one_line(text);
    let mut words: Vec<String> = Vec::new();
    let mut open = false;
    for w in text.split_whitespace() {
        if open && let Some(last) = words.last_mut() {
            last.push(' ');
            last.push_str(w);
        } else {
            words.push(w.to_string());
        }
        if w.matches('`').count() % 2 == 1 {
            open = !open;
        }
    }
    let width = |s: &str| s.chars().count();
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && width(prefix) + width(&line) + 1 + width(&w) > WIDTH {
            out.push_str(prefix);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&w);
    }
    if !line.is_empty() {
        out.push_str(prefix);
        out.push_str(&line);
        out.push('\n');
    }
}

/// `path` as one word for a shell, quoted only when it needs to be.
fn shell_quote(path: &str) -> String {
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:=@".contains(c));
    if plain {
        path.to_string()
    } else {
        format!("'{}'", one_line(path).replace('\'', "'\\''"))
    }
}

/// Whether two scenarios mean the same: description, source, seed, runs,
/// horizon, every lever and every coefficient override (in any order),
/// every correlation (pairs in any order, either way round), each
/// value and distribution parameter equal within `tol` (relative; 0 is
/// exact). Name, file and `[expect]` are left out: `new` changes them on
/// purpose. The first difference, if any.
fn same_meaning(a: &Scenario, b: &Scenario, tol: f64) -> Result<(), String> {
    let close = |x: f64, y: f64| x == y || (x - y).abs() <= tol * x.abs().max(y.abs());
    same_text(&a.description, &b.description, "description")?;
    same_text(&a.source, &b.source, "source")?;
    let whole = [
        ("seed", a.seed, b.seed),
        ("runs", a.runs, b.runs),
        (
            "horizon_months",
            u64::from(a.horizon_months),
            u64::from(b.horizon_months),
        ),
    ];
    for (what, x, y) in whole {
        if x != y {
            return Err(format!("scenario.{what}: {x} against {y}"));
        }
    }
    for (f, (p, q)) in FIELDS.iter().zip(a.params.iter().zip(&b.params)) {
        if !same_param(p, q, &close) {
            return Err(format!("{}: {p:?} against {q:?}", f.path()));
        }
    }
    let sorted = |s: &Scenario| {
        let mut v: Vec<(usize, Param)> = s
            .assumptions
            .iter()
            .map(|(c, p)| (*c as usize, p.clone()))
            .collect();
        v.sort_by_key(|(c, _)| *c);
        v
    };
    let (x, y) = (sorted(a), sorted(b));
    if x.len() != y.len() {
        return Err(format!(
            "{} coefficient overrides against {}",
            x.len(),
            y.len()
        ));
    }
    for ((c, p), (d, q)) in x.iter().zip(&y) {
        if c != d || !same_param(p, q, &close) {
            return Err(format!(
                "assumptions.{}: {p:?} against {q:?}",
                COEFS[*c].name
            ));
        }
    }
    // Pairs in either order: the model orders inputs canonically.
    let pairs = |s: &Scenario| {
        let mut v: Vec<(usize, usize, f64)> = s
            .correlations
            .iter()
            .map(|c| {
                let (i, j) = (c.a.order(), c.b.order());
                (i.min(j), i.max(j), c.rho)
            })
            .collect();
        v.sort_by_key(|(i, j, _)| (*i, *j));
        v
    };
    let (x, y) = (pairs(a), pairs(b));
    let differs = x.len() != y.len()
        || x.iter()
            .zip(&y)
            .any(|(p, q)| (p.0, p.1) != (q.0, q.1) || !close(p.2, q.2));
    if differs {
        return Err(format!("correlations: {x:?} against {y:?}"));
    }
    Ok(())
}

fn same_text(a: &str, b: &str, what: &str) -> Result<(), String> {
    if a == b {
        Ok(())
    } else {
        Err(format!("{what}: {a:?} against {b:?}"))
    }
}

fn same_param(p: &Param, q: &Param, close: &impl Fn(f64, f64) -> bool) -> bool {
    use crate::scenario::Dist as D;
    let all =
        |x: &[f64], y: &[f64]| x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(*a, *b));
    match (p, q) {
        (Param::Fixed(x), Param::Fixed(y)) => close(*x, *y),
        (Param::Dist(d), Param::Dist(e)) => match (d, e) {
            (D::Uniform { min, max }, D::Uniform { min: a, max: b }) => {
                all(&[*min, *max], &[*a, *b])
            }
            (
                D::Triangular { min, mode, max },
                D::Triangular {
                    min: a,
                    mode: m,
                    max: b,
                },
            ) => all(&[*min, *mode, *max], &[*a, *m, *b]),
            (
                D::Normal {
                    mean,
                    sd,
                    lo,
                    hi,
                    plo,
                    phi,
                },
                D::Normal {
                    mean: m,
                    sd: s,
                    lo: l,
                    hi: h,
                    plo: pl,
                    phi: ph,
                },
            ) => all(
                &[*mean, *sd, *lo, *hi, *plo, *phi],
                &[*m, *s, *l, *h, *pl, *ph],
            ),
            (
                D::LogNormal {
                    mu,
                    sigma,
                    lo,
                    hi,
                    plo,
                    phi,
                },
                D::LogNormal {
                    mu: m,
                    sigma: s,
                    lo: l,
                    hi: h,
                    plo: pl,
                    phi: ph,
                },
            ) => all(
                &[*mu, *sigma, *lo, *hi, *plo, *phi],
                &[*m, *s, *l, *h, *pl, *ph],
            ),
            (
                D::Beta { alpha, beta, .. },
                D::Beta {
                    alpha: a, beta: b, ..
                },
            ) => all(&[*alpha, *beta], &[*a, *b]),
            (D::Choice { values, cum }, D::Choice { values: v, cum: c }) => {
                all(values, v) && all(cum, c)
            }
            _ => false,
        },
        _ => false,
    }
}

enum WriteFailure {
    /// The file appeared after the first check, and `--force` was not given.
    Exists,
    Io(String),
}

/// Write `bytes` to `target` through a temporary file in the same folder,
/// renamed (or, without `--force`, hard-linked, which fails if the target
/// now exists) into place: no reader sees half a file, and a file that
/// appeared since the first check is not overwritten. The temporary is
/// registered for removal on Ctrl-C.
fn write_atomically(target: &Path, bytes: &[u8], force: bool) -> Result<(), WriteFailure> {
    let io = |e: std::io::Error| WriteFailure::Io(e.to_string());
    let dir = folder_of(target);
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    remove_stale(dir, &name);
    let tmp: PathBuf = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    crate::cleanup::register(&tmp);
    let result = (|| {
        let mut f = crate::report::write::create_new(&tmp).map_err(io)?;
        f.write_all(bytes).and_then(|()| f.sync_all()).map_err(io)?;
        drop(f);
        if force {
            // Checked again just before the rename: a link, folder or
            // device put there since the first check is refused.
            if std::fs::symlink_metadata(target).is_ok_and(|m| !m.file_type().is_file()) {
                return Err(WriteFailure::Io(
                    "it is no longer a regular file (something replaced it meanwhile)".into(),
                ));
            }
            return std::fs::rename(&tmp, target).map_err(io);
        }
        match std::fs::hard_link(&tmp, target) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(WriteFailure::Exists),
            // A file system without hard links: check, then rename.
            Err(_) if std::fs::symlink_metadata(target).is_ok() => Err(WriteFailure::Exists),
            Err(_) => std::fs::rename(&tmp, target).map_err(io),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    crate::cleanup::unregister(&tmp);
    if result.is_ok() {
        crate::report::write::sync_dir(dir);
    }
    result
}

/// Remove `.name.tmp-PID` files a killed process left in `dir`.
fn remove_stale(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
            && pid != std::process::id()
            && !crate::cleanup::alive(pid)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            scenario: scenario::parse(text, "t.toml").unwrap(),
            text: text.to_string(),
            label: "the file `t.toml`".into(),
            library: None,
        }
    }

    /// Render `src`, parse it back, and demand the exact same scenario.
    fn round_trip(src: &Source, name: &str) -> (String, Scenario) {
        let text = render(src, name, false);
        let parsed =
            scenario::parse(&text, "new.toml").unwrap_or_else(|d| panic!("{}\n{}", text, d[0]));
        if let Err(why) = same_meaning(&src.scenario, &parsed, 0.0) {
            panic!("{why}\n{text}");
        }
        assert_eq!(parsed.name, name);
        (text, parsed)
    }

    #[test]
    fn every_library_scenario_and_the_default_round_trip_exactly() {
        for l in LIBRARY {
            let src = source(l.text);
            let (text, parsed) = round_trip(&src, "Copy");
            assert!(parsed.expect.is_empty() && !src.scenario.expect.is_empty());
            assert!(text.contains("[expect] bounds"), "the header says why");
        }
        let src = resolve(None).unwrap_or_else(|_| panic!("the default loads"));
        assert_eq!(src.scenario.name, "Coalition baseline");
        round_trip(&src, "Copy");
    }

    #[test]
    fn every_distribution_and_override_round_trips_exactly() {
        let text = r#"[scenario]
name = "every kind"
description = "quotes \" and \\ and a\nnew line, tab\t, é"
runs = 7
horizon_months = 36
[ceasefire]
required_before_deployment = { dist = "choice", values = [true, false], weights = [1, 2] }
probability = { dist = "normal", mean = 0.4, sd = 0.1, min = 0.1, max = 0.9 }
monitoring = { dist = "choice", values = ["none", "us_led"], weights = [0.1, 0.7] }
[force]
troops = { dist = "lognormal", median = 20000, sigma = 0.3, max = 60000 }
aircraft = { dist = "lognormal", median = 13.7, sigma = 1.1, min = 2, max = 200 }
nations = { dist = "choice", values = [3, 5, 8], weights = [0.1, 0.7, 0.2] }
ground_contributors = 2
[us_backstop]
reliability = { dist = "beta", alpha = 2.5, beta = 1.5 }
[russia]
risk_appetite = 0.30000000000000004
[assumptions]
war_drones_max = 7000
buildup_months = { dist = "choice", values = [1, 3], weights = [1, 1] }
pressure_effect = { dist = "uniform", min = 1, max = 3 }
relapse_shape = { dist = "lognormal", median = 0.6, sigma = 0.2, min = 0.3, max = 1.2 }
"#;
        let src = source(text);
        let (out, parsed) = round_trip(&src, "Every kind");
        assert_eq!(parsed.assumptions.len(), 4);
        assert!(out.contains("\nwar_drones_max = 7000\n"), "override live");
        assert!(
            out.contains("\n# war_drones_min = 2000\n"),
            "others commented"
        );
        assert!(out.contains("\nrelapse_shape = { dist = \"lognormal\", median = 0.6,"));
        assert!(out.contains("\nnaval_units = 0   # (default)\n"));
        assert!(out.contains("\nground_contributors = 2\n"));
        assert!(out.contains("\nseed = 2025   # (default)\n"));
        assert!(out.contains("\nruns = 7\n"));
        assert!(out.contains("monitoring = { dist = \"choice\", values = [\"none\", \"us_led\"]"));
    }

    #[test]
    fn correlations_round_trip_exactly() {
        let text = r#"[scenario]
name = "correlated"
[ceasefire]
probability = { dist = "triangular", min = 0.2, mode = 0.45, max = 0.7 }
[russia]
risk_appetite = { dist = "triangular", min = 0.2, mode = 0.5, max = 0.8 }
[assumptions]
pressure_effect = { dist = "uniform", min = 1, max = 3 }
[correlations]
"russia.risk_appetite" = { "assumptions.pressure_effect" = -0.4 }
"assumptions.pressure_effect" = { "ceasefire.probability" = 0.30000000000000004 }
"#;
        let src = source(text);
        assert_eq!(src.scenario.correlations.len(), 2);
        let (out, parsed) = round_trip(&src, "Correlated");
        assert!(
            out.contains(
                "\n\"russia.risk_appetite\" = { \"assumptions.pressure_effect\" = -0.4 }\n"
            ),
            "{out}"
        );
        assert!(out.contains("= { \"ceasefire.probability\" = 0.30000000000000004 }\n"));
        assert_eq!(parsed.correlations, src.scenario.correlations);
        // Without pairs, the table is there, its example commented out.
        let (out, parsed) = round_trip(&source("[scenario]\nname = \"x\"\n"), "Y");
        assert!(parsed.correlations.is_empty());
        assert!(out.ends_with("\n[correlations]\n") || out.contains("\n[correlations]\n#"));
    }

    #[test]
    fn a_minimal_file_gets_every_default_marked() {
        let src = source("[scenario]\nname = \"x\"\n");
        let (out, _) = round_trip(&src, "Y");
        for f in &FIELDS {
            let line = format!("\n{} = {}   # (default)\n", f.key, f.default_toml());
            assert!(out.contains(&line), "{line:?}");
        }
        for c in COEFS {
            assert!(out.contains(&format!("\n# {} = {}\n", c.name, fmt_num(c.default))));
        }
    }

    #[test]
    fn comments_stay_within_the_width_unless_one_word_is_longer() {
        let src = source(library::find("skyshield").unwrap().text);
        let out = render(&src, "SkyShield", true);
        assert!(out.starts_with("#:schema ./reassure.schema.json\n"));
        for line in out.lines().filter(|l| l.starts_with('#')) {
            let n = line.chars().count();
            let one_word = !line.trim_start_matches(['#', ' ']).contains(' ');
            let code = line.contains('`');
            assert!(n <= WIDTH || one_word || code, "{n} columns: {line}");
        }
        assert!(!render(&src, "SkyShield", false).starts_with("#:schema"));
    }

    #[test]
    fn names_follow_the_file() {
        let s = scenario::parse(library::find("skyshield").unwrap().text, "s").unwrap();
        let name = |p: Option<&str>| new_name(&s, p.map(Path::new));
        assert_eq!(name(Some("out/my-option_2.toml")), "My option 2");
        assert_eq!(
            scenario::slugify(&name(Some("x/my-option.toml"))),
            "my-option"
        );
        assert_eq!(name(Some("skyshield.toml")), "SkyShield");
        // A Cyrillic file name is a usable name now (its slug transliterated).
        assert_eq!(name(Some("Силы.toml")), "Силы");
        assert_eq!(name(Some("!!!.toml")), "SkyShield (copy)");
        assert_eq!(name(Some("a\nb.toml")), "A b");
        assert_eq!(name(None), "SkyShield (copy)");
    }

    #[test]
    fn comment_wrapping_keeps_code_whole() {
        let mut out = String::new();
        let long = format!("{} `a = {{ b = 1 }}` end", "word ".repeat(17));
        comment(&mut out, "#   ", &long);
        assert!(out.lines().all(|l| l.starts_with("#   ")), "{out}");
        assert!(out.contains("`a = { b = 1 }`"), "{out}");
        assert_eq!(toml_string("a\"b\\c\u{7}"), "\"a\\\"b\\\\c\\u0007\"");
        assert_eq!(shell_quote("a b.toml"), "'a b.toml'");
        assert_eq!(shell_quote("dir/a.toml"), "dir/a.toml");
    }

    #[test]
    fn writing_refuses_a_file_that_appeared_and_leaves_no_temporary() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("sub/x.toml");
        assert!(write_atomically(&t, b"1", false).is_ok());
        assert!(matches!(
            write_atomically(&t, b"2", false),
            Err(WriteFailure::Exists)
        ));
        assert_eq!(std::fs::read(&t).unwrap(), b"1");
        assert!(write_atomically(&t, b"3", true).is_ok());
        assert_eq!(std::fs::read(&t).unwrap(), b"3");
        let names: Vec<_> = std::fs::read_dir(d.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.toml")]);
    }
}
