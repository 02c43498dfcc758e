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
    /// The text of the offending line, and the caret's width.
    pub source_line: Option<String>,
    pub width: usize,
    /// Dotted key path (`force.troops`), empty for file-level problems.
    pub key: String,
    pub message: String,
    pub expected: Option<String>,
    pub help: Option<String>,
    /// A note, not an error: the input is accepted (`note:` instead of
    /// `error:`).
    pub is_note: bool,
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
            key: String::new(),
            message: message.into(),
            expected: None,
            help: Some(help.into()),
            is_note: false,
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
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line_no = src[..start].matches('\n').count() + 1;
        let text = src[line_start..line_end].trim_end_matches('\r');
        let col = src[line_start..start].chars().count() + 1;
        let width = src[start..end.min(line_end).max(start)]
            .chars()
            .count()
            .max(1);
        Diagnostic {
            file: file.to_string(),
            line: Some(line_no),
            col,
            source_line: Some(text.to_string()),
            width,
            key: key.to_string(),
            message: message.into(),
            expected: None,
            help: None,
            is_note: false,
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
        let start = (self.col - 1).min(chars.len());
        let end = (start + self.width).min(chars.len());
        let (from, to) = if chars.len() > MAX_SHOWN_LINE {
            let to = (end.min(start + CONTEXT) + CONTEXT).min(chars.len());
            (start.saturating_sub(CONTEXT), to)
        } else {
            (0, chars.len())
        };
        let (mut shown, mut lead, mut width) = (String::new(), String::new(), 0);
        if from > 0 {
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
        if to < chars.len() {
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
        let kind = if self.is_note { "note" } else { "error" };
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
    for c in candidates {
        if w.len() >= 2 && c.to_ascii_lowercase().starts_with(&w) {
            prefixed = Some(prefixed.map_or(Some(c), |_| None));
        }
        let d = distance(&w, &c.to_ascii_lowercase());
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    let (c, d) = best?;
    let limit = (word.chars().count().max(c.len()) / 3).max(2);
    // A prefix or suffix of a longer name is a likely slip too (`troop`).
    if d <= limit || (w.len() >= 4 && c.starts_with(&w)) {
        Some(c)
    } else {
        prefixed.flatten()
    }
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
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
