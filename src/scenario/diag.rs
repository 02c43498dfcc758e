//! Diagnostics that point at the source: `file:line:col`, the line with a
//! caret under the problem, the key path, what was expected and how to fix
//! it ("did you mean `troops`?").

use std::fmt;

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column (in characters) of the problem, when the
    /// problem has a place in the file.
    pub line: Option<usize>,
    pub col: usize,
    /// The text of the offending line (of a long line, only a window
    /// around the problem), and the caret's width.
    pub source_line: Option<String>,
    pub width: usize,
    /// Characters of the line before `source_line` (0 unless cut), and
    /// whether the line goes on after it.
    pub line_offset: usize,
    pub line_more: bool,
    /// Dotted key path (`force.troops`), empty for file-level problems.
    pub key: String,
    pub message: String,
    pub expected: Option<String>,
    pub help: Option<String>,
    /// A note, not an error: the input is accepted (`note:` instead of
    /// `error:`).
    pub is_note: bool,
    /// A note that warns: the scenario runs, but as written it asks for
    /// something the world may not have (`warning:` instead of `note:`).
    pub is_warning: bool,
}

impl Diagnostic {
    /// A problem with the file as a whole (missing, unreadable, too large).
    pub fn file_level(file: &str, message: impl Into<String>, help: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            col: 0,
            source_line: None,
            width: 0,
            line_offset: 0,
            line_more: false,
            key: String::new(),
            message: message.into(),
            expected: None,
            help: Some(help.into()),
            is_note: false,
            is_warning: false,
        }
    }

    /// A problem at a byte range of `src`.
    pub fn at(
        file: &str,
        src: &str,
        span: std::ops::Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::at_in(file, src, &LineIndex::new(src), span, key, message)
    }

    /// A problem at a byte range of `src`, located with `index` (built once
    /// per file): the cost does not grow with the file, so a file of many
    /// problems is checked in time linear in its size.
    pub fn at_in(
        file: &str,
        src: &str,
        index: &LineIndex,
        span: std::ops::Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> Self {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let line = index.line_of(start);
        let line_start = index.starts[line];
        let line_end = index
            .starts
            .get(line + 1)
            .map_or(src.len(), |&next| next - 1);
        let col = index.chars_before(src, start) - index.chars_before(src, line_start) + 1;
        let width = (index.chars_before(src, end.min(line_end).max(start))
            - index.chars_before(src, start))
        .max(1);
        // A long line is kept only around the problem: enough for the
        // window `Display` shows (at most 4 bytes a character).
        let reach = 4 * (CONTEXT + 1);
        let (from, to) = if line_end - line_start > 4 * MAX_SHOWN_LINE {
            (
                floor_char_boundary(src, start.saturating_sub(reach).max(line_start)),
                floor_char_boundary(src, (end.min(start + reach) + reach).min(line_end)),
            )
        } else {
            (line_start, line_end)
        };
        let text = src[from..to].trim_end_matches('\r');
        Diagnostic {
            file: file.to_string(),
            line: Some(line + 1),
            col,
            source_line: Some(text.to_string()),
            width,
            line_offset: index.chars_before(src, from) - index.chars_before(src, line_start),
            line_more: to < line_end,
            key: key.to_string(),
            message: message.into(),
            expected: None,
            help: None,
            is_note: false,
            is_warning: false,
        }
    }

    pub fn expected(mut self, e: impl Into<String>) -> Self {
        self.expected = Some(e.into());
        self
    }

    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }

    /// The same, as a note that does not refuse the input.
    pub fn note(mut self) -> Self {
        self.is_note = true;
        self
    }

    /// A note that warns (accepted, shown as `warning:`).
    pub fn warning(mut self) -> Self {
        self.is_note = true;
        self.is_warning = true;
        self
    }

    pub fn help_opt(mut self, h: Option<String>) -> Self {
        if h.is_some() {
            self.help = h;
        }
        self
    }

    /// `file:line:col`, or just `file` for problems without a place.
    pub fn location(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{}:{}", self.file, l, self.col),
            None => self.file.clone(),
        }
    }
}

/// Where each line of a text starts, and how many characters precede each
/// block of 256 bytes: a position's line, column and character count in
/// time that does not grow with the text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    blocks: Vec<usize>,
}

const BLOCK: usize = 256;

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut blocks = Vec::with_capacity(src.len() / BLOCK + 1);
        let mut n = 0;
        for chunk in src.as_bytes().chunks(BLOCK) {
            blocks.push(n);
            n += chars_in(chunk);
        }
        blocks.push(n);
        LineIndex { starts, blocks }
    }

    /// The 0-based line holding byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at) - 1
    }

    /// Characters before byte `at` (a character boundary).
    fn chars_before(&self, src: &str, at: usize) -> usize {
        let b = at / BLOCK;
        self.blocks[b] + chars_in(&src.as_bytes()[b * BLOCK..at])
    }
}

/// Characters in UTF-8 bytes (those that are not continuation bytes).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Lines longer than this many characters are shown cut around the caret.
const MAX_SHOWN_LINE: usize = 100;
/// Characters shown on each side of the caret in a cut line.
const CONTEXT: usize = 40;

impl Diagnostic {
    /// The source line as shown (control characters escaped, a long line cut
    /// to a window around the caret with `…` at the cuts), the caret's lead
    /// (spaces, tabs kept) and its width, in shown characters.
    fn shown_line(&self, text: &str) -> (String, String, usize) {
        let chars: Vec<char> = text.chars().collect();
        let start = (self.col - 1)
            .saturating_sub(self.line_offset)
            .min(chars.len());
        let end = (start + self.width).min(chars.len());
        let long = self.line_offset > 0 || self.line_more || chars.len() > MAX_SHOWN_LINE;
        let (from, to) = if long {
            let to = (end.min(start + CONTEXT) + CONTEXT).min(chars.len());
            (start.saturating_sub(CONTEXT), to)
        } else {
            (0, chars.len())
        };
        let (mut shown, mut lead, mut width) = (String::new(), String::new(), 0);
        if from + self.line_offset > 0 {
            shown.push('…');
            lead.push(' ');
        }
        for (i, &c) in chars.iter().enumerate().take(to).skip(from) {
            let disp = crate::text::show_char(c, false);
            let n = if c == '\t' { 1 } else { disp.chars().count() };
            if i < start {
                lead.push_str(&if c == '\t' {
                    "\t".to_string()
                } else {
                    " ".repeat(n)
                });
            } else if i < end {
                width += n;
            }
            shown.push_str(if c == '\t' { "\t" } else { &disp });
        }
        if to < chars.len() || self.line_more {
            shown.push('…');
        }
        (shown, lead, width.max(1))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::clip;
        // What a user wrote can be quoted in any part: each is bounded.
        let printable = |s: &str, max: usize| crate::text::printable(&clip(s, max)).into_owned();
        let kind = match (self.is_note, self.is_warning) {
            (true, true) => "warning",
            (true, false) => "note",
            _ => "error",
        };
        if self.key.is_empty() {
            writeln!(f, "{kind}: {}", printable(&self.message, 300))?;
        } else {
            writeln!(
                f,
                "{kind}: `{}`: {}",
                printable(&self.key, 120),
                printable(&self.message, 300)
            )?;
        }
        writeln!(f, "  --> {}", printable(&self.location(), 300))?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            let (shown, lead, width) = self.shown_line(text);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {shown}")?;
            writeln!(f, "{pad} | {lead}{}", "^".repeat(width))?;
        }
        if let Some(e) = &self.expected {
            writeln!(f, "  = expected: {}", printable(e, 800))?;
        }
        if let Some(h) = &self.help {
            writeln!(f, "  = help: {}", printable(h, 400))?;
        }
        Ok(())
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    let mut best: Option<(&str, usize)> = None;
    // The only candidate that starts with the word (`air` → `air_support`).
    let mut prefixed: Option<Option<&str>> = None;
    // The only candidate sharing a stem of five letters or more with the
    // word (`reinvasion` → `reinvade`): another form of the same word.
    let mut stem: (usize, Option<&str>) = (4, None);
    for c in candidates {
        let shared = w
            .bytes()
            .zip(c.bytes())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
        if shared > stem.0 {
            stem = (shared, Some(c));
        } else if shared == stem.0 && stem.1.is_some() {
            stem.1 = None;
        }
        if w.len() >= 2
            && c.len() >= w.len()
            && c.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
        {
            prefixed = Some(prefixed.map_or(Some(c), |_| None));
        }
        // The distance is at least the difference in length: a candidate
        // whose length differs by more than its limit below cannot be
        // suggested for being close (only for starting with the word), so
        // its distance is not computed (a file of many unknown keys).
        let (lw, lc) = (w.chars().count(), c.chars().count());
        let starts = w.len() >= 4 && c.starts_with(&w);
        if lw.abs_diff(lc) > (lw.max(lc) / 3).max(2) && !starts {
            continue;
        }
        let d = distance(&w, c);
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    let shared_stem = stem.1;
    let close = best.and_then(|(c, d)| {
        let limit = (word.chars().count().max(c.len()) / 3).max(2);
        // A prefix or suffix of a longer name is a likely slip too (`troop`).
        (d <= limit || (w.len() >= 4 && c.starts_with(&w))).then_some(c)
    });
    close.or(prefixed.flatten()).or(shared_stem)
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps),
/// ASCII case ignored.
fn distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        osa(a.as_bytes(), b.as_bytes(), |x, y| x.eq_ignore_ascii_case(y))
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa(&a, &b, |x, y| x.eq_ignore_ascii_case(y))
    }
}

/// The distance on three rolling rows (one allocation).
fn osa<T>(a: &[T], b: &[T], same: impl Fn(&T, &T) -> bool) -> usize {
    let n = b.len() + 1;
    let mut rows = vec![0usize; 3 * n];
    let (mut two, mut one, mut cur) = (0, n, 2 * n);
    for j in 0..n {
        rows[one + j] = j;
    }
    for i in 1..=a.len() {
        rows[cur] = i;
        for j in 1..n {
            let cost = usize::from(!same(&a[i - 1], &b[j - 1]));
            let mut d = (rows[one + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[one + j - 1] + cost);
            if i > 1 && j > 1 && same(&a[i - 1], &b[j - 2]) && same(&a[i - 2], &b[j - 1]) {
                d = d.min(rows[two + j - 2] + 1);
            }
            rows[cur + j] = d;
        }
        (two, one, cur) = (one, cur, two);
    }
    rows[one + n - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_not_strangers() {
        let keys = ["troops", "aircraft", "naval_units", "zone"];
        assert_eq!(suggest("troop", keys), Some("troops"));
        assert_eq!(suggest("trops", keys), Some("troops"));
        assert_eq!(suggest("aircarft", keys), Some("aircraft"));
        assert_eq!(suggest("Zone", keys), Some("zone"));
        assert_eq!(suggest("submarines", keys), None);
        // Another form of the same word.
        let policies = [
            "restraint",
            "probe",
            "coercive_strikes",
            "test_resolve",
            "reinvade",
        ];
        assert_eq!(suggest("reinvasion", policies), Some("reinvade"));
        assert_eq!(suggest("coercion", policies), Some("coercive_strikes"));
        // A short unique prefix; an ambiguous one gives nothing.
        assert_eq!(
            suggest("air", ["none", "air_support", "full_guarantee"]),
            Some("air_support")
        );
        assert_eq!(suggest("a", ["air_support"]), None);
        assert_eq!(suggest("na", ["naval_units", "nations"]), None);
    }

    #[test]
    fn renders_caret_under_the_span() {
        let src = "[force]\ntroop = 5000\n";
        let d = Diagnostic::at("x.toml", src, 8..13, "force.troop", "unknown key")
            .help("did you mean `troops`?");
        let text = d.to_string();
        assert!(text.contains("--> x.toml:2:1"), "{text}");
        assert!(text.contains("2 | troop = 5000"), "{text}");
        assert!(text.contains("  | ^^^^^\n"), "{text}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let long = format!("name = \"{}\"\nx = 1", "a".repeat(400_000));
        let at = 200_000..200_003;
        let text = Diagnostic::at("x.toml", &long, at, "k", "bad").to_string();
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let line = text.lines().find(|l| l.starts_with("1 | ")).unwrap();
        assert!(line.starts_with("1 | …") && line.ends_with('…'), "{line}");
        let caret = text.lines().find(|l| l.contains('^')).unwrap();
        // The caret sits under the cut window's middle, after the "…".
        assert_eq!(caret.find('^').unwrap(), "1 | …".chars().count() + 40);
    }

    #[test]
    fn control_characters_are_never_echoed_raw() {
        let src = "name = \"Bell \u{7} \u{1b}[2J\"\n";
        let d = Diagnostic::at("x.toml", src, 7..20, "scenario.name", "bad \u{7}");
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.contains("\\u{7}") && text.contains("\\u{1b}"),
            "{text}"
        );
    }
}
