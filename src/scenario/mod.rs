//! Scenario files: reading, validation with located diagnostics, and the
//! validated [`Scenario`] the model is built from.
//!
//! Data flows one way: bytes → spanned TOML tree (the wire form) → a walk
//! against the field and coefficient registries that collects every problem
//! → [`Scenario`]. Once a `Scenario` exists it is valid: nobody downstream
//! re-checks a range, a distribution or a name.

pub mod diag;
pub mod dist;
pub mod input;
pub mod library;
mod load;
mod parse;
pub mod schema;
pub mod spec;

pub use diag::Diagnostic;
pub use dist::{Dist, Sampler};
pub use input::Lever;
pub use library::{LIBRARY, LibraryScenario};
pub use load::{
    DEFAULT_SCENARIO_PATH, DEFAULT_SCENARIO_TEXT, MAX_FILE_BYTES, load, load_default, load_from,
};
pub use parse::parse;
pub use spec::{FIELDS, Field, Kind, N_FIELDS};

use crate::model::coef::Coef;
use crate::model::outcome::Share;

/// Documented limits (product brief).
pub const MAX_RUNS: u64 = 10_000_000_000;
pub const MAX_HORIZON: u32 = 120;
pub const DEFAULT_SEED: u64 = 2025;
pub const DEFAULT_RUNS: u64 = 100_000;
pub const DEFAULT_HORIZON: u32 = 36;
/// The model version a scenario file says it was written for
/// (`[scenario] model_version`): files without it, or written for an
/// earlier one, load with a note saying what changed.
pub const MODEL_VERSION: u32 = 3;

/// A parameter: a fixed value or a distribution drawn once per trajectory.
/// Values of named fields are indices into the field's list of names;
/// booleans are 0 or 1.
#[derive(Clone, Debug)]
pub enum Param {
    Fixed(f64),
    Dist(Dist),
}

impl Param {
    /// The value used by the deterministic view: the value itself, or the
    /// distribution's central value.
    pub fn central(&self) -> f64 {
        match self {
            Param::Fixed(v) => *v,
            Param::Dist(d) => d.central(),
        }
    }

    /// The smallest and largest values any run can draw.
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            Param::Fixed(v) => (*v, *v),
            Param::Dist(d) => d.support(),
        }
    }
}

/// A bound on an outcome's probability, checked by `run` and `batch`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub share: Share,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A valid scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    /// Lowercase ASCII letters, digits and `-`, 1 to 64 characters.
    pub slug: String,
    pub description: String,
    pub source: String,
    /// The file as the user named it.
    pub file: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The file's text, as read (a shard's part file carries it, so that
    /// `merge` rebuilds exactly this scenario).
    pub text: std::sync::Arc<str>,
    pub seed: u64,
    pub runs: u64,
    pub horizon_months: u32,
    /// One parameter per field of [`FIELDS`], in its order.
    pub params: Vec<Param>,
    /// `[assumptions]` overrides, in file order.
    pub assumptions: Vec<(Coef, Param)>,
    /// `[correlations]`: Spearman rank correlations between inputs given
    /// as distributions, one entry per pair, in file order (each pair once,
    /// never an input with itself; the matrix they make, with 0 for pairs
    /// not given, is positive definite).
    pub correlations: Vec<Correlation>,
    pub expect: Vec<Expectation>,
    /// Located notes that do not stop the scenario from running: a file
    /// written for an earlier model version says what changed.
    pub notes: Vec<Diagnostic>,
    /// Where each key the file sets sits in `text` (dotted path, byte
    /// range), for checks made after parsing to point at a line.
    pub spans: Vec<(String, std::ops::Range<usize>)>,
}

impl Scenario {
    /// A warning at the key `key` (or, when the file does not set it, at
    /// the file as a whole).
    pub fn warning_at(
        &self,
        key: &str,
        message: String,
        expected: String,
        help: &str,
    ) -> Diagnostic {
        let d = match self.spans.iter().find(|(k, _)| k == key) {
            Some((_, span)) => Diagnostic::at(&self.file, &self.text, span.clone(), key, message),
            None => {
                let mut d = Diagnostic::file_level(&self.file, message, help);
                d.key = key.to_string();
                d
            }
        };
        d.expected(expected).help(help).warning()
    }
}

/// One pair of `[correlations]`: `a` is the outer key, `b` the inner one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Correlation {
    pub a: Lever,
    pub b: Lever,
    /// Spearman's rank correlation, in (−1, 1).
    pub rho: f64,
}

impl Scenario {
    pub fn param(&self, f: Field) -> &Param {
        &self.params[f as usize]
    }

    /// The value or distribution of a lever or coefficient (a coefficient
    /// not overridden is its default).
    pub fn input(&self, l: Lever) -> Param {
        match l {
            Lever::Field(i) => self.params[i].clone(),
            Lever::Coef(c) => self
                .assumptions
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(Param::Fixed(c.spec().default), |(_, p)| p.clone()),
        }
    }
}

/// The slug of a scenario name: lowercase ASCII letters and digits, every
/// other run of characters one `-`, trimmed, at most 64 characters; never
/// empty and never a name Windows reserves for a device.
///
/// Cyrillic letters are transliterated (Ukraine's national system of 2010,
/// with Russian's ё, ъ, ы, э), so "Сили стримування" is
/// `syly-strymuvannia`. A name that still gives no letter or digit (Chinese,
/// Arabic, only punctuation) gets `scenario-` and eight hex digits of a
/// hash of the name: stable, and different for different names. A slug
/// that Windows reserves (`con`, `nul`, `com1`, ...) gets `-scenario`.
pub fn slugify(name: &str) -> String {
    let mut s = String::new();
    let mut push = |piece: &str| {
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c.to_ascii_lowercase());
            } else if !s.is_empty() && !s.ends_with('-') {
                s.push('-');
            }
        }
    };
    for c in name.chars() {
        let lower: String = c.to_lowercase().collect();
        match cyrillic(&lower) {
            Some(latin) => push(latin),
            None if c.is_ascii() => push(&c.to_string()),
            // Apostrophes inside a word (Ukrainian's ') join it.
            None if matches!(c, '\u{2019}' | '\u{02BC}') => {}
            None => push(" "),
        }
    }
    s.truncate(64);
    let mut s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        s = format!("scenario-{:08x}", crate::random::rng::purpose(name) as u32);
    }
    if WINDOWS_RESERVED.contains(&s.as_str()) {
        s.push_str("-scenario");
    }
    s
}

/// File names Windows reserves for devices, in any folder and with any
/// extension: a results folder named so cannot be made or opened there.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A lowercase Cyrillic letter in Latin letters.
fn cyrillic(c: &str) -> Option<&'static str> {
    Some(match c {
        "а" => "a",
        "б" => "b",
        "в" => "v",
        "г" => "h",
        "ґ" => "g",
        "д" => "d",
        "е" => "e",
        "є" => "ie",
        "ж" => "zh",
        "з" => "z",
        "и" => "y",
        "і" => "i",
        "ї" => "i",
        "й" => "i",
        "к" => "k",
        "л" => "l",
        "м" => "m",
        "н" => "n",
        "о" => "o",
        "п" => "p",
        "р" => "r",
        "с" => "s",
        "т" => "t",
        "у" => "u",
        "ф" => "f",
        "х" => "kh",
        "ц" => "ts",
        "ч" => "ch",
        "ш" => "sh",
        "щ" => "shch",
        "ь" | "ъ" => "",
        "ю" => "iu",
        "я" => "ia",
        "ё" => "e",
        "ы" => "y",
        "э" => "e",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Coalition baseline (2026)"),
            "coalition-baseline-2026"
        );
        assert_eq!(slugify("  --SkyShield!!"), "skyshield");
        assert_eq!(slugify("Сили стримування"), "syly-strymuvannia");
        assert_eq!(slugify("Коаліція: 25 тис."), "koalitsiia-25-tys");
        assert_eq!(slugify("Силы"), "syly");
        let zh = slugify("维和部队");
        assert!(zh.starts_with("scenario-") && zh.len() == 17, "{zh}");
        assert_eq!(zh, slugify("维和部队"), "stable");
        assert_ne!(zh, slugify("قوة حفظ السلام"));
        assert_eq!(slugify("CON"), "con-scenario");
        assert_eq!(slugify("nul"), "nul-scenario");
        assert_eq!(slugify("Console"), "console");
        assert_eq!(slugify(&"a".repeat(100)).len(), 64);
        assert_eq!(slugify(&format!("{}-b", "a".repeat(63))), "a".repeat(63));
    }
}
