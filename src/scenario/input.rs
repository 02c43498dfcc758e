//! Inputs by dotted name: the one place a key such as `force.troops` or
//! `assumptions.pressure_effect` is resolved against the field and
//! coefficient registries. `--vary` (`analysis::sweep`) and the
//! `[correlations]` table (`parse`) both name inputs this way.

use super::diag::suggest;
use super::spec::{FIELDS, Kind};
use crate::model::coef::{COEFS, Coef};

/// What a dotted key names: a lever or a coefficient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lever {
    /// An index into [`FIELDS`].
    Field(usize),
    Coef(Coef),
}

impl Lever {
    /// The lever or coefficient a dotted key names: `table.key` for levers,
    /// `assumptions.name` for coefficients.
    pub fn find(key: &str) -> Option<Lever> {
        if let Some(i) = FIELDS.iter().position(|f| f.path() == key) {
            return Some(Lever::Field(i));
        }
        key.strip_prefix("assumptions.")
            .and_then(Coef::find)
            .map(Lever::Coef)
    }

    /// The dotted key, as [`Lever::find`] reads it.
    pub fn path(self) -> String {
        match self {
            Lever::Field(i) => FIELDS[i].path(),
            Lever::Coef(c) => format!("assumptions.{}", c.spec().name),
        }
    }

    /// The inputs' canonical order: levers in [`FIELDS`] order, then
    /// coefficients in the registry's order.
    pub fn order(self) -> usize {
        match self {
            Lever::Field(i) => i,
            Lever::Coef(c) => FIELDS.len() + c as usize,
        }
    }

    /// The kind of value (coefficients are whole numbers or numbers).
    pub fn kind(self) -> Kind {
        match self {
            Lever::Field(i) => FIELDS[i].kind,
            Lever::Coef(c) if c.spec().integer => Kind::Int,
            Lever::Coef(_) => Kind::Float,
        }
    }
}

/// Every key a sweep or a correlation accepts, levers first.
pub fn all_keys() -> Vec<String> {
    FIELDS
        .iter()
        .map(|f| f.path())
        .chain(COEFS.iter().map(|c| format!("assumptions.{}", c.name)))
        .collect()
}

/// The most keys a hint lists in full.
const LIST_MAX: usize = 16;

/// Help for a key that names nothing: the likely typo's correction, and
/// what is valid (the keys of the table it names, when that list is short;
/// else the tables).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyHint {
    pub suggestion: Option<String>,
    /// "valid keys in `[force]`: `force.troops`, …", or the general form.
    pub valid: String,
}

pub fn hint(key: &str) -> KeyHint {
    let keys = all_keys();
    let table = key.split('.').next().unwrap_or_default();
    let nearby: Vec<&String> = keys
        .iter()
        .filter(|k| k.split('.').next() == Some(table))
        .collect();
    // A lever named without its table (`troops` for `force.troops`) is a
    // newcomer's commonest slip: match the last part first.
    let suggestion = keys
        .iter()
        .find(|k| !key.contains('.') && k.rsplit('.').next() == Some(key))
        .cloned()
        .or_else(|| suggest(key, keys.iter().map(|k| k.as_str())).map(str::to_string))
        .or_else(|| {
            let last = key.rsplit('.').next().unwrap_or(key);
            let found = suggest(last, keys.iter().filter_map(|k| k.rsplit('.').next()))?;
            keys.iter()
                .find(|k| k.rsplit('.').next() == Some(found))
                .cloned()
        });
    let valid = if !nearby.is_empty() && nearby.len() <= LIST_MAX {
        let list: Vec<String> = nearby.iter().map(|k| format!("`{k}`")).collect();
        format!("valid keys in [{table}]: {}", list.join(", "))
    } else {
        let tables: Vec<String> = FIELDS
            .iter()
            .map(|f| f.table)
            .chain(["assumptions"])
            .fold(Vec::new(), |mut v, t| {
                if !v.contains(&t) {
                    v.push(t);
                }
                v
            })
            .iter()
            .map(|t| format!("`{t}.`"))
            .collect();
        format!(
            "valid keys: a lever's dotted path ({}…) or `assumptions.<coefficient>` (docs/model.md lists them)",
            tables.join(", ")
        )
    };
    KeyHint { suggestion, valid }
}

/// Whether `name` is a table whose keys are inputs (a lever table or
/// `assumptions`): `russia.risk_appetite` written without quotes in
/// `[correlations]` reaches the parser as the table `russia`.
pub fn is_input_table(name: &str) -> bool {
    name == "assumptions" || FIELDS.iter().any(|f| f.table == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve_both_ways() {
        for k in all_keys() {
            assert_eq!(Lever::find(&k).unwrap().path(), k);
        }
        assert_eq!(Lever::find("force.troop"), None);
        assert_eq!(Lever::find("assumptions.nothing"), None);
        assert_eq!(
            hint("force.troop").suggestion.as_deref(),
            Some("force.troops")
        );
        assert!(
            hint("ceasefire.p0")
                .valid
                .contains("`ceasefire.probability`")
        );
        assert!(
            hint("assumptions.x")
                .valid
                .contains("`assumptions.<coefficient>`")
        );
        assert!(is_input_table("russia") && is_input_table("assumptions"));
        assert!(!is_input_table("scenario") && !is_input_table("correlations"));
    }
}
