//! Validation never panics: arbitrary bytes, and near-valid scenario files
//! (the default scenario with random edits), always end in a scenario or a
//! list of diagnostics, each with a location inside the file.

use proptest::prelude::*;
use reassure::scenario::{DEFAULT_SCENARIO_TEXT, parse};

fn check(text: &str) {
    if let Err(diags) = parse(text, "f.toml") {
        assert!(!diags.is_empty());
        for d in &diags {
            let rendered = d.to_string();
            assert!(rendered.contains("--> f.toml"), "{rendered}");
            if let Some(line) = d.line {
                assert!(
                    line >= 1 && line <= text.lines().count().max(1) + 1,
                    "line {line} in {} lines",
                    text.lines().count()
                );
            }
        }
    }
}

/// Tokens that exercise types, ranges, distributions and syntax.
const TOKENS: &[&str] = &[
    "nan",
    "inf",
    "-inf",
    "1e308",
    "-1",
    "0",
    "1.5",
    "99999999999999999999",
    "\"\"",
    "\"rear\"",
    "true",
    "[]",
    "{}",
    "{ dist = \"normal\", mean = 0, sd = -1 }",
    "{ dist = \"choice\", values = [], weights = [] }",
    "{ dist = \"beta\", alpha = 0, beta = 1 }",
    "{ dist = \"lognormal\", median = 1, sigma = 1 }",
    "=",
    "[",
    "]",
    "\n[x]\n",
    "\"\\u00e9\"",
    "1979-05-27",
    "0x1F",
    "+nan",
    "{ dist = \"triangular\", min = 3, mode = 9, max = 1 }",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check(text);
        }
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn near_valid_files_never_panic(
        edits in proptest::collection::vec((0usize..DEFAULT_SCENARIO_TEXT.len(), 0usize..4, 0usize..TOKENS.len()), 1..6)
    ) {
        let mut text = DEFAULT_SCENARIO_TEXT.to_string();
        for (pos, kind, tok) in edits {
            let mut at = pos.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            match kind {
                // Replace the value after the next `=` with a token.
                0 => if let Some(eq) = text[at..].find('=') {
                    let start = at + eq + 1;
                    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                    text.replace_range(start..end, &format!(" {}", TOKENS[tok]));
                },
                1 => text.insert_str(at, TOKENS[tok]),
                2 => { let end = (at + 3).min(text.len()); if text.is_char_boundary(end) { text.replace_range(at..end, ""); } },
                _ => text.insert(at, '"'),
            }
        }
        check(&text);
    }
}

/// Any valid scenario runs: random values anywhere in every field's and
/// coefficient's range never make the model panic, and every run ends in
/// exactly one outcome.
mod model_robustness {
    use proptest::prelude::*;
    use reassure::engine::simulate_serial;
    use reassure::model::coef::{ORDERED, SHARES};
    use reassure::model::{COEFS, Coef, Model};
    use reassure::scenario::parse;
    use reassure::scenario::spec::{FIELDS, Field, Kind, PARAM_TABLES};

    fn value(kind: Kind, min: f64, max: f64, u: f64) -> String {
        let x = min + u * (max - min);
        match kind {
            Kind::Bool => (u < 0.5).to_string(),
            Kind::Int => format!("{}", x.round()),
            Kind::Float => format!("{x:?}"),
            Kind::Name(names) => format!(
                "\"{}\"",
                names[((u * names.len() as f64) as usize).min(names.len() - 1)]
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn any_valid_scenario_runs(
            mut us in proptest::collection::vec(0.0f64..=1.0, FIELDS.len()),
            cs in proptest::collection::vec(proptest::option::weighted(0.3, 0.0f64..=1.0), COEFS.len()),
            horizon in 1u32..=120,
        ) {
            // Respect the cross-field rules: ground contributors among the
            // nations, and some whenever troops or trainers deploy.
            let (n, g) = (Field::Nations as usize, Field::GroundContributors as usize);
            us[g] = us[g].min(us[n]);
            let at = |f: Field, u: f64| { let s = f.spec(); (s.min + u * (s.max - s.min)).round() };
            if at(Field::Troops, us[Field::Troops as usize]) + at(Field::Trainers, us[Field::Trainers as usize]) > 0.0
                && at(Field::GroundContributors, us[g]) < 1.0
            {
                us[g] = us[g].max(1.5 / 40.0);
                us[n] = us[n].max(us[g]);
            }
            let coef_value = |c: Coef, u: f64| {
                let s = c.spec();
                let x = s.min + u * (s.max - s.min);
                if s.integer { x.round() } else { x }
            };
            let mut vals: Vec<Option<f64>> = COEFS.iter().zip(&cs).enumerate()
                .map(|(i, (_, u))| u.map(|u| coef_value(Coef::ALL[i], u))).collect();
            for (a, b) in ORDERED {
                let (va, vb) = (vals[a as usize].unwrap_or(a.spec().default), vals[b as usize].unwrap_or(b.spec().default));
                if va > vb {
                    vals[a as usize] = Some(vb);
                    vals[b as usize] = Some(va);
                }
            }
            // Orderings chain (min <= mode <= max): a second pass settles it.
            for (a, b) in ORDERED {
                let (va, vb) = (vals[a as usize].unwrap_or(a.spec().default), vals[b as usize].unwrap_or(b.spec().default));
                if va > vb { vals[a as usize] = Some(vb); }
            }
            for (a, b, _) in SHARES {
                let (va, vb) = (vals[a as usize].unwrap_or(a.spec().default), vals[b as usize].unwrap_or(b.spec().default));
                if va + vb > 1.0 {
                    vals[a as usize] = Some(va / (va + vb));
                    vals[b as usize] = Some(vb / (va + vb) * 0.999);
                }
            }
            let mut text = format!("[scenario]\nname = \"p\"\nhorizon_months = {horizon}\n");
            for table in PARAM_TABLES {
                text.push_str(&format!("[{table}]\n"));
                for (f, u) in FIELDS.iter().zip(&us) {
                    if f.table == *table {
                        text.push_str(&format!("{} = {}\n", f.key, value(f.kind, f.min, f.max, *u)));
                    }
                }
            }
            text.push_str("[assumptions]\n");
            for (c, v) in COEFS.iter().zip(&vals) {
                if let Some(v) = v {
                    text.push_str(&format!("{} = {v:?}\n", c.name));
                }
            }
            let s = parse(&text, "p.toml").map_err(|d| TestCaseError::fail(format!("{d:?}\n{text}")))?;
            let agg = simulate_serial(&Model::new(&s), 1, 0..200);
            prop_assert_eq!(agg.peace.iter().sum::<u64>(), 200);
            prop_assert_eq!(agg.mission.iter().sum::<u64>(), 200);
            prop_assert_eq!(agg.months.iter().sum::<u64>(), 200);
            prop_assert!(agg.collapsed() <= agg.ceasefires);
        }
    }
}
