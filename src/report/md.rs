//! Markdown from text: the one place where anything a user wrote (an
//! option's name, a description, a file path) or the tool composed around
//! it is made inert in the `.md` files. Every Markdown renderer passes its
//! text through here, and every table cell through [`cell`], so a `|` in a
//! name cannot shift a table's columns, `](https://…)` cannot make a link,
//! raw HTML, images, headings and comments cannot appear, and a line break
//! cannot start a new block.
//!
//! The tool's own sentences carry a small inline markup that every
//! renderer reads the same way ([`pieces`]): a backtick pair is a code
//! span, a `**` pair strong emphasis, and a backslash before `` ` ``, `*`
//! or `\` the character itself. A user's text placed inside such a
//! sentence goes through [`lit`] first, so its backticks and stars stay
//! characters in Markdown, HTML and the terminal alike.

use crate::text::show_char;

/// Characters CommonMark or GitHub's extensions can read as markup anywhere
/// in a line: emphasis, code, links and images, raw HTML and entities,
/// tables, strikethrough and math. Each is ASCII punctuation, so a
/// backslash before it always means the character itself.
const MARKUP: &[char] = &['\\', '`', '*', '_', '[', ']', '|', '~', '$'];

/// Characters that start a block (heading, quote, list, thematic break,
/// setext underline) when they open a line.
const BLOCK_START: &[char] = &['#', '>', '-', '+', '=', '|'];

/// Plain text as Markdown inline content, reading exactly as `s` does:
/// markup characters are backslash-escaped, a leading block starter (or
/// the `.`/`)` after leading digits, an ordered list) too; line breaks and
/// tabs become spaces; other control characters show as `\u{..}`.
pub fn text(s: &str) -> String {
    render(s, false, false)
}

/// Marked-up text (see the module's documentation) as Markdown inline
/// content: code spans stay code (fenced so nothing inside can close them),
/// strong stays strong, the rest is [`text`].
pub fn inline(s: &str) -> String {
    render(s, true, false)
}

/// A Markdown table cell: [`inline`] with code spans only (a name's `**`
/// stays two stars, as in the HTML table), and a `|` inside a code span
/// escaped too (GitHub's tables split on every unescaped `|`).
pub fn cell(s: &str) -> String {
    render(s, true, true)
}

/// `s` verbatim as one code span, whatever backticks it holds.
pub fn code(s: &str) -> String {
    code_span(s, false)
}

/// A link whose label is plain text and whose destination is a relative
/// path the tool wrote (a slug, a chart file).
pub fn link(label: &str, dest: &str) -> String {
    format!("[{}]({})", text(label), url(dest))
}

/// An image link, as [`link`].
pub fn image(alt: &str, dest: &str) -> String {
    format!("!{}", link(alt, dest))
}

/// A link destination: bytes outside the safe set percent-encoded, so a
/// space, bracket or parenthesis cannot end it early.
pub fn url(dest: &str) -> String {
    let mut out = String::with_capacity(dest.len());
    for b in dest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One piece of marked-up text: see the module's documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Code(String),
    /// Strong emphasis starts (`true`) or ends.
    Strong(bool),
}

/// `s` as a user's text to place inside marked-up text: its backticks,
/// stars and backslashes are the characters, whatever surrounds them.
pub fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '`' | '*' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Marked-up text as its pieces. An unpaired backtick or `**` is text, and
/// so is every `**` when `strong` is false (a table cell: code spans only).
pub fn pieces(s: &str, strong: bool) -> Vec<Piece> {
    #[derive(Clone, Copy, PartialEq)]
    enum Tok {
        Char(char),
        Tick,
        Stars,
    }
    let mut toks = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('`' | '*' | '\\')) => {
                toks.push(Tok::Char(chars.next().unwrap_or(c)))
            }
            '`' => toks.push(Tok::Tick),
            '*' if strong && chars.peek() == Some(&'*') => {
                chars.next();
                toks.push(Tok::Stars);
            }
            c => toks.push(Tok::Char(c)),
        }
    }
    // Ticks pair in order; inside a pair, stars are characters; outside,
    // stars pair in order. What is left unpaired is characters.
    let ticks: Vec<usize> = (0..toks.len()).filter(|&i| toks[i] == Tok::Tick).collect();
    if ticks.len() % 2 == 1 {
        toks[ticks[ticks.len() - 1]] = Tok::Char('`');
    }
    let mut in_code = false;
    let mut stars = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Tick => in_code = !in_code,
            Tok::Stars if !in_code => stars.push(i),
            _ => {}
        }
    }
    if stars.len() % 2 == 1 {
        let last = stars[stars.len() - 1];
        toks[last] = Tok::Char('*');
        toks.insert(last, Tok::Char('*'));
    }
    let mut out = Vec::new();
    let mut buf = String::new();
    let (mut in_code, mut strong) = (false, false);
    let flush = |buf: &mut String, out: &mut Vec<Piece>, code: bool| {
        if code {
            out.push(Piece::Code(std::mem::take(buf)));
        } else if !buf.is_empty() {
            out.push(Piece::Text(std::mem::take(buf)));
        }
    };
    for t in toks {
        match t {
            Tok::Char(c) => buf.push(c),
            Tok::Stars if in_code => buf.push_str("**"),
            Tok::Tick => {
                flush(&mut buf, &mut out, in_code);
                in_code = !in_code;
            }
            Tok::Stars => {
                flush(&mut buf, &mut out, false);
                strong = !strong;
                out.push(Piece::Strong(strong));
            }
        }
    }
    flush(&mut buf, &mut out, false);
    out
}

/// Marked-up text for the terminal: the marks dropped.
pub fn unmarked(s: &str) -> String {
    pieces(s, true)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Text(t) | Piece::Code(t) => Some(t),
            Piece::Strong(_) => None,
        })
        .collect()
}

fn render(s: &str, spans: bool, in_table: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // A cell's content is inline wherever it starts: nothing there opens a
    // block, and its leading spaces (a row indented under the one above)
    // are kept.
    let line_start = !in_table;
    if !spans {
        plain(s, &mut out, line_start);
        return out;
    }
    for (i, p) in pieces(s, !in_table).into_iter().enumerate() {
        match p {
            Piece::Text(t) => plain(&t, &mut out, line_start && i == 0),
            Piece::Code(c) => out.push_str(&code_span(&c, in_table)),
            Piece::Strong(_) => out.push_str("**"),
        }
    }
    out
}

fn plain(s: &str, out: &mut String, line_start: bool) {
    let mut first = line_start;
    let mut digits = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let c = if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        };
        if first && c == ' ' {
            // Leading spaces: four would make a code block.
            continue;
        }
        let next = chars.peek().copied().unwrap_or(' ');
        let starts_block = first && BLOCK_START.contains(&c);
        let ends_number = digits && matches!(c, '.' | ')');
        // `<` opens raw HTML, a comment or an autolink only before a
        // letter, `/`, `!` or `?`; `&` an entity only before a letter,
        // digit or `#`: "< 0.02%" and "UK & France" stay as they are.
        let opens_html =
            c == '<' && (next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?'));
        let opens_entity = c == '&' && (next.is_ascii_alphanumeric() || next == '#');
        if MARKUP.contains(&c) || starts_block || ends_number || opens_html || opens_entity {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push_str(&show_char(c, false));
        } else {
            out.push(c);
        }
        digits = (first || digits) && c.is_ascii_digit();
        first = false;
    }
}

/// A code span: a fence one backtick longer than any run inside, spaces
/// where the content touches a backtick or is all spaces, control
/// characters shown, line breaks as spaces.
fn code_span(s: &str, in_table: bool) -> String {
    let mut body = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => body.push(' '),
            '|' if in_table => body.push_str("\\|"),
            c if c.is_control() => body.push_str(&show_char(c, false)),
            c => body.push(c),
        }
    }
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = body.starts_with('`') || body.ends_with('`') || body.trim().is_empty();
    if pad {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_reads_as_the_characters() {
        assert_eq!(text("Plan A"), "Plan A");
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(
            text("x](https://e.example) <img src=x>"),
            "x\\](https://e.example) \\<img src=x>"
        );
        assert_eq!(
            text("*bold* _u_ ~s~ $m$"),
            "\\*bold\\* \\_u\\_ \\~s\\~ \\$m\\$"
        );
        assert_eq!(text("a\\b"), "a\\\\b");
    }

    #[test]
    fn a_line_break_cannot_start_a_block() {
        assert_eq!(text("one\n# two\n<!-- x"), "one # two \\<!-- x");
        assert_eq!(
            text("< 0.02% & more; &amp; <b>"),
            "< 0.02% & more; \\&amp; \\<b>"
        );
        assert_eq!(text("> quote"), "\\> quote");
        assert_eq!(text("# h"), "\\# h");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("    code"), "code");
        assert_eq!(text("2025. A year"), "2025\\. A year");
        assert_eq!(text("5k force"), "5k force");
        assert_eq!(text("a\u{7}b"), "a\\u{7}b");
    }

    #[test]
    fn code_spans_survive_and_cannot_be_closed() {
        assert_eq!(inline("set `force.troops` to 5"), "set `force.troops` to 5");
        assert_eq!(inline("a `x_y` *b*"), "a `x_y` \\*b\\*");
        assert_eq!(inline("odd ` tick"), "odd \\` tick");
        assert_eq!(
            inline("**Bottom line:** `x` ranks"),
            "**Bottom line:** `x` ranks"
        );
        assert_eq!(inline("a ** b"), "a \\*\\* b");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(cell("`a|b` | c"), "`a\\|b` \\| c");
        assert_eq!(cell("  -0.2 pp"), "  -0.2 pp");
        assert_eq!(cell("**x**"), "\\*\\*x\\*\\*");
    }

    #[test]
    fn a_users_text_inside_marked_up_text_stays_characters() {
        let name = "a `b` **c** \\` d";
        let sentence = format!("**{}** ranks first; see `{}`", lit(name), lit("f`.toml"));
        assert_eq!(
            pieces(&sentence, true),
            vec![
                Piece::Strong(true),
                Piece::Text(name.into()),
                Piece::Strong(false),
                Piece::Text(" ranks first; see ".into()),
                Piece::Code("f`.toml".into()),
            ]
        );
        assert_eq!(
            unmarked(&sentence),
            format!("{name} ranks first; see f`.toml")
        );
        assert_eq!(pieces("a ** b", true), vec![Piece::Text("a ** b".into())]);
        assert_eq!(pieces("x ` y", true), vec![Piece::Text("x ` y".into())]);
    }

    #[test]
    fn links_keep_their_destination_whole() {
        assert_eq!(
            link("Plan [A]", "plan-a/summary.md"),
            "[Plan \\[A\\]](plan-a/summary.md)"
        );
        assert_eq!(url("a b)(c"), "a%20b%29%28c");
        assert_eq!(url("київ"), "%D0%BA%D0%B8%D1%97%D0%B2");
    }
}
