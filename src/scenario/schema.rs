//! The JSON Schema of scenario files, generated from the field and
//! coefficient registries (never written by hand), for editors: taplo and
//! other TOML language servers validate and complete scenario files with it
//! (the library's files name it with a `#:schema` directive). Everything is
//! inlined, with no `$ref`, because some TOML language servers do not
//! resolve references.

use super::spec::{FIELDS, FieldSpec, Kind, PARAM_TABLES, fmt_num};
use crate::model::coef::COEFS;
use crate::model::outcome::Share;
use serde_json::{Value, json};

/// A number (or whole number) within [lo, hi].
fn number(kind: Kind, lo: f64, hi: f64) -> Value {
    let t = if kind == Kind::Int {
        "integer"
    } else {
        "number"
    };
    json!({ "type": t, "minimum": lo, "maximum": hi })
}

/// The distribution forms of a numeric field with range [lo, hi].
fn distributions(kind: Kind, lo: f64, hi: f64) -> Vec<Value> {
    let inside = json!({ "type": "number", "minimum": lo, "maximum": hi });
    let any = json!({ "type": "number" });
    let positive = json!({ "type": "number", "exclusiveMinimum": 0 });
    let form = |name: &str, required: &[&str], props: Value| {
        let mut p = props.as_object().cloned().unwrap_or_default();
        p.insert("dist".into(), json!({ "const": name }));
        let mut req = vec!["dist"];
        req.extend_from_slice(required);
        json!({
            "type": "object",
            "properties": p,
            "required": req,
            "additionalProperties": false
        })
    };
    vec![
        form(
            "uniform",
            &["min", "max"],
            json!({ "min": inside, "max": inside }),
        ),
        form(
            "triangular",
            &["min", "mode", "max"],
            json!({ "min": inside, "mode": inside, "max": inside }),
        ),
        form(
            "normal",
            &["mean", "sd"],
            json!({ "mean": any, "sd": positive, "min": inside, "max": inside }),
        ),
        form(
            "lognormal",
            &["median", "sigma"],
            json!({ "median": positive, "sigma": positive, "min": inside, "max": inside }),
        ),
        form(
            "beta",
            &["alpha", "beta"],
            json!({ "alpha": positive, "beta": positive }),
        ),
        form(
            "choice",
            &["values", "weights"],
            json!({
                "values": { "type": "array", "minItems": 1, "items": number(kind, lo, hi) },
                "weights": { "type": "array", "minItems": 1, "items": { "type": "number", "minimum": 0 } }
            }),
        ),
    ]
}

fn field_schema(f: &FieldSpec) -> Value {
    let described = format!(
        "{} Unit: {}. Default: {}. Source: {}",
        f.doc,
        f.unit,
        f.default_toml(),
        f.source
    );
    let choice = |items: Value| {
        json!({
            "type": "object",
            "description": "a choice among values, drawn once per run",
            "properties": {
                "dist": { "const": "choice" },
                "values": { "type": "array", "minItems": 1, "items": items },
                "weights": { "type": "array", "minItems": 1, "items": { "type": "number", "minimum": 0 } }
            },
            "required": ["dist", "values", "weights"],
            "additionalProperties": false
        })
    };
    let any_of: Vec<Value> = match f.kind {
        Kind::Bool => vec![
            json!({ "type": "boolean" }),
            choice(json!({ "type": "boolean" })),
        ],
        Kind::Name(names) => vec![json!({ "enum": names }), choice(json!({ "enum": names }))],
        kind => {
            let mut v = vec![number(kind, f.min, f.max)];
            v.extend(distributions(kind, f.min, f.max));
            v
        }
    };
    let default = match f.kind {
        Kind::Bool => json!(f.default != 0.0),
        Kind::Name(names) => json!(names[f.default as usize]),
        Kind::Int => json!(f.default as i64),
        Kind::Float => json!(f.default),
    };
    json!({ "description": described, "default": default, "anyOf": any_of })
}

/// The schema, as a JSON value.
pub fn json_schema() -> Value {
    let mut props = serde_json::Map::new();
    props.insert(
        "scenario".into(),
        json!({
            "type": "object",
            "description": "The scenario's name and run settings.",
            "properties": {
                "name": { "type": "string", "minLength": 1, "pattern": "^[^\\u0000-\\u001f\\u007f]*$",
                          "description": "Names the results folder (its slug) and every report." },
                "description": { "type": "string" },
                "source": { "type": "string" },
                "seed": { "type": "integer", "minimum": 0, "default": super::DEFAULT_SEED },
                "runs": { "type": "integer", "minimum": 1, "maximum": super::MAX_RUNS, "default": super::DEFAULT_RUNS },
                "horizon_months": { "type": "integer", "minimum": 1, "maximum": super::MAX_HORIZON, "default": super::DEFAULT_HORIZON,
                                    "description": "Calendar months from the scenario's start, the same for every option compared." },
                "model_version": { "type": "integer", "minimum": 1, "maximum": super::MODEL_VERSION,
                                   "description": "The model version the file is written for; files without 3 load with a note saying what changed." }
            },
            "required": ["name"],
            "additionalProperties": false
        }),
    );
    for table in PARAM_TABLES {
        let fields: serde_json::Map<String, Value> = FIELDS
            .iter()
            .filter(|f| f.table == *table)
            .map(|f| (f.key.to_string(), field_schema(f)))
            .collect();
        props.insert(
            table.to_string(),
            json!({ "type": "object", "properties": fields, "additionalProperties": false }),
        );
    }
    let coefs: serde_json::Map<String, Value> = COEFS
        .iter()
        .map(|c| {
            let kind = if c.integer { Kind::Int } else { Kind::Float };
            let mut any = vec![number(kind, c.min, c.max)];
            any.extend(distributions(kind, c.min, c.max));
            (
                c.name.to_string(),
                json!({
                    "description": format!(
                        "{} Unit: {}. Default: {}; plausible {} to {}. Source: {}",
                        c.role, c.unit, fmt_num(c.default),
                        fmt_num(c.plausible.0), fmt_num(c.plausible.1), c.source
                    ),
                    "default": c.default,
                    "anyOf": any
                }),
            )
        })
        .collect();
    props.insert(
        "assumptions".into(),
        json!({
            "type": "object",
            "description": "Overrides of the model's coefficients by name (docs/model.md).",
            "properties": coefs,
            "additionalProperties": false
        }),
    );
    let names: Vec<String> = super::input::all_keys();
    let rho = json!({
        "type": "number",
        "exclusiveMinimum": -1,
        "exclusiveMaximum": 1,
        "description": "Spearman's rank correlation of the two inputs."
    });
    props.insert(
        "correlations".into(),
        json!({
            "type": "object",
            "description": "Rank correlations between inputs given as distributions: \"a\" = { \"b\" = rho, ... }, names as --vary writes them (table.key, assumptions.name), in quotes; each pair once (docs/model.md, \"Correlated inputs\").",
            "propertyNames": { "enum": names },
            "additionalProperties": {
                "type": "object",
                "propertyNames": { "enum": names },
                "additionalProperties": rho
            }
        }),
    );
    let bound = json!({ "type": "number", "minimum": 0, "maximum": 1 });
    let outcomes: serde_json::Map<String, Value> = Share::names()
        .iter()
        .map(|o| {
            (
                o.to_string(),
                json!({
                    "type": "object",
                    "properties": { "min": bound, "max": bound },
                    "minProperties": 1,
                    "additionalProperties": false
                }),
            )
        })
        .collect();
    props.insert(
        "expect".into(),
        json!({
            "type": "object",
            "description": "Bounds on outcome probabilities, checked by run and batch (exit 1).",
            "properties": outcomes,
            "additionalProperties": false
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "reassure scenario",
        "description": format!(
            "A scenario file of reassure {} (generated by `reassure schema`).",
            env!("CARGO_PKG_VERSION")
        ),
        "type": "object",
        "properties": props,
        "required": ["scenario"],
        "additionalProperties": false
    })
}

/// The schema as compact JSON with a final newline (pretty-printed it is
/// nearly three times larger: every coefficient inlines its distribution
/// forms).
pub fn schema_text() -> String {
    let mut s = serde_json::to_string(&json_schema()).expect("the schema serialises");
    s.push('\n');
    s
}
