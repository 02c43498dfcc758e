//! Text made safe to show: control characters (bell, escape, NUL, ...)
//! become visible escapes such as `\u{7}`, so nothing a user typed or named
//! can ring a terminal, move its cursor or break a file format. Used by the
//! diagnostics and every line the command line prints.

use std::borrow::Cow;

/// `c` as it should be shown: itself, or `\u{..}` for a control character.
/// Newlines and tabs are kept when `keep_layout` (whole messages), escaped
/// otherwise (one line of a file, one name).
pub fn show_char(c: char, keep_layout: bool) -> Cow<'static, str> {
    if c.is_control() && !(keep_layout && (c == '\n' || c == '\t')) {
        Cow::Owned(format!("\\u{{{:x}}}", c as u32))
    } else {
        Cow::Owned(c.to_string())
    }
}

/// A message with every control character but newline and tab escaped.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| show_char(c, true)).collect())
}

/// At most `max` characters of `s`, with `…` where it was cut: a message
/// that quotes what a user wrote must not repeat a 400 KB value.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
    }
}

/// The first control character of `s` other than newline and tab, if any,
/// with its position in characters.
pub fn first_control(s: &str, allow_layout: bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !(allow_layout && (*c == '\n' || *c == '\t')))
}

/// Characters that are invisible yet change what text shows: the
/// bidirectional embeddings, overrides, isolates and marks, and the
/// zero-width ones (space, joiners, word joiner, byte-order mark).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// The first invisible character of `s` (see [`is_invisible`]) and its
/// position in characters. The zero-width joiner and non-joiner between two
/// letters of a script that needs them (Persian, Devanagari, emoji
/// sequences) are part of the word, not hidden text, and pass.
pub fn first_invisible(s: &str) -> Option<(usize, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        let joining = matches!(c, '\u{200C}' | '\u{200D}')
            && i > 0
            && chars
                .get(i + 1)
                .is_some_and(|n| !n.is_ascii() && !is_invisible(*n))
            && !chars[i - 1].is_ascii()
            && !is_invisible(chars[i - 1]);
        (is_invisible(c) && !joining).then_some((i, c))
    })
}

/// What an invisible character is, for a message.
pub fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "a direction mark",
        '\u{202A}'..='\u{202E}' => "a bidirectional embedding or override",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate",
        _ => "an invisible formatting character",
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(
            printable("Bell \u{7} and \u{1b}[31m"),
            "Bell \\u{7} and \\u{1b}[31m"
        );
        assert_eq!(printable("two\nlines\tand tab"), "two\nlines\tand tab");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(show_char('\n', false), "\\u{a}");
        assert_eq!(first_control("ab\u{0}c", true), Some((2, '\u{0}')));
        assert_eq!(first_control("a\nb", true), None);
        assert_eq!(first_control("a\nb", false), Some((1, '\n')));
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(first_invisible("a\u{202E}b"), Some((1, '\u{202E}')));
        assert_eq!(first_invisible("ab\u{200B}"), Some((2, '\u{200B}')));
        assert_eq!(first_invisible("x\u{200D}y"), Some((1, '\u{200D}')));
        assert_eq!(first_invisible("می\u{200C}خواهم"), None, "Persian's ZWNJ");
        assert_eq!(first_invisible("Сили"), None);
    }
}
