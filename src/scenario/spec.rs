//! The registry of scenario fields: for every policy lever and assumption in
//! the tables `[ceasefire]`, `[force]`, `[rules_of_engagement]`,
//! `[us_backstop]` and `[russia]`, its type, range, default, unit, meaning and
//! source. Validation, error messages, `docs/` and the model's parameter
//! vector all read this one table, so a fact is stated once.

/// The value type of a field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Bool,
    /// Whole numbers; distribution draws are rounded to the nearest integer.
    Int,
    Float,
    /// One of a fixed list of names; stored as the index into the list.
    Name(&'static [&'static str]),
}

#[derive(Debug)]
pub struct FieldSpec {
    pub table: &'static str,
    pub key: &'static str,
    pub kind: Kind,
    pub min: f64,
    pub max: f64,
    /// The value used when a file omits the key (an index for names, 0/1 for booleans).
    pub default: f64,
    pub unit: &'static str,
    pub doc: &'static str,
    pub source: &'static str,
}

impl FieldSpec {
    pub fn path(&self) -> String {
        format!("{}.{}", self.table, self.key)
    }

    /// What a valid value looks like, for error messages.
    pub fn expected(&self) -> String {
        match self.kind {
            Kind::Bool => "`true` or `false`, or { dist = \"choice\", values = [true, false], weights = [1, 1] }".into(),
            Kind::Int => format!(
                "a whole number from {} to {} ({}), or a distribution such as {{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
                fmt_num(self.min),
                fmt_num(self.max),
                self.unit,
                fmt_num(self.min),
                fmt_num(((self.min + self.max) / 2.0).round()),
                fmt_num(self.max)
            ),
            Kind::Float => format!(
                "a number from {} to {} ({}), or a distribution such as {{ dist = \"uniform\", min = {}, max = {} }}",
                fmt_num(self.min),
                fmt_num(self.max),
                self.unit,
                fmt_num(self.min),
                fmt_num(self.max)
            ),
            Kind::Name(names) => format!(
                "one of {}, or {{ dist = \"choice\", values = [\"{}\", ...], weights = [...] }}",
                quoted_list(names),
                names[0]
            ),
        }
    }

    /// The default as it would be written in a scenario file.
    pub fn default_toml(&self) -> String {
        match self.kind {
            Kind::Bool => (self.default != 0.0).to_string(),
            Kind::Name(names) => format!("\"{}\"", names[self.default as usize]),
            _ => fmt_num(self.default),
        }
    }
}

pub fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number as a person would write it: no trailing `.0` on whole numbers.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_finite() && x.abs() >= 1e15 {
        // 1e20, not "100000000000000000000" (a float's digits past the
        // 17th are not what anyone wrote).
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

pub const MONITORING: &[&str] = &["none", "european", "us_led", "un_osce"];
pub const ZONES: &[&str] = &["rear", "cities", "border", "contact_line"];
pub const POSTURES: &[&str] = &["self_defence", "protect_mandate", "robust"];
pub const BACKSTOP_LEVELS: &[&str] = &[
    "none",
    "political",
    "isr_logistics",
    "air_support",
    "full_guarantee",
];
/// A contributor tier's mandate regime (P1).
pub const MANDATES: &[&str] = &["periodic_vote", "executive"];
pub const AIR_BASINGS: &[&str] = &["in_country", "neighbouring"];
pub const POLICIES: &[&str] = &[
    "restraint",
    "probe",
    "coercive_strikes",
    "test_resolve",
    "reinvade",
];

/// The policy tables a scenario may contain, in file order.
pub const PARAM_TABLES: &[&str] = &[
    "ceasefire",
    "force",
    "rules_of_engagement",
    "us_backstop",
    "russia",
    "ukraine",
];

/// Index of a field in [`FIELDS`] and in the model's parameter vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Field {
    CeasefireRequired,
    CeasefireProbability,
    WindowMonths,
    Pressure,
    Monitoring,
    Troops,
    AirDefenceUnits,
    Aircraft,
    AirBasing,
    NavalUnits,
    Trainers,
    Zone,
    Nations,
    GroundContributors,
    DeploymentLag,
    BackstopDependentShare,
    BackstopDependentLevel,
    MandateLead,
    MandateGround,
    MandateEnablers,
    Posture,
    CaveatShare,
    BackstopLevel,
    BackstopReliability,
    Policy,
    RiskAppetite,
    UkraineStrength,
    UkraineAid,
}

pub const N_FIELDS: usize = 28;

pub const FIELDS: [FieldSpec; N_FIELDS] = [
    FieldSpec {
        table: "ceasefire",
        key: "required_before_deployment",
        kind: Kind::Bool,
        min: 0.0,
        max: 1.0,
        default: 1.0,
        unit: "yes/no",
        doc: "Whether the force deploys only once a ceasefire is in place. If true it sets off when the first ceasefire comes, and never deploys if none comes within the horizon (Moscow's veto) or if that ceasefire collapses before it arrives; if false the force deploys into the ongoing war.",
        source: "Seeds 001 and 004: contributors deploy only after a ceasefire; 001 on deploying while fighting goes on.",
    },
    FieldSpec {
        table: "ceasefire",
        key: "probability",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.5,
        unit: "probability",
        doc: "Baseline chance p0 of a ceasefire within the window, before pressure and the announcement penalty; after the window talks go on at ceasefire_later_ratio of the window's monthly hazard.",
        source: "Assumption; seed 003 (Europeans cannot impose a ceasefire), seed 001 (Moscow's repeated rejections).",
    },
    FieldSpec {
        table: "ceasefire",
        key: "window_months",
        kind: Kind::Int,
        min: 1.0,
        max: 60.0,
        default: 6.0,
        unit: "months",
        doc: "Length W of the negotiating window: the ceasefire comes within it with probability p_win (monthly hazard 1-(1-p_win)^(1/W)), and after it at the lower later hazard.",
        source: "Assumption; seed 003 (the 100-day ceasefire clock).",
    },
    FieldSpec {
        table: "ceasefire",
        key: "pressure",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.0,
        unit: "index 0-1",
        doc: "Economic pressure on Moscow (sanctions, frozen assets, secondary sanctions) that raises the ceasefire chance. It builds over months and Russia adapts to it (pressure_build_months, pressure_adaptation), and it costs Europe pressure_cost_year x pressure a year over the horizon; military aid is its own lever, [ukraine] aid.",
        source: "Seed 001 (compel a ceasefire), seed 002 (more pressure needed once a force is promised).",
    },
    FieldSpec {
        table: "ceasefire",
        key: "monitoring",
        kind: Kind::Name(MONITORING),
        min: 0.0,
        max: 3.0,
        default: 0.0,
        unit: "name",
        doc: "Who monitors the ceasefire: none, european, a us_led verification mechanism, or an impartial un_osce observer mission. Better attribution cuts deniable probes and, with or without a force, the relapse hazard (V1); us_led also gives at least the political backstop weight.",
        source: "Seed 002 (U.S.-led monitoring and verification), seed 003 (European surveillance with U.S. civilian tech); Fortna 2004, 2008 (observer and peacekeeping missions lower relapse).",
    },
    FieldSpec {
        table: "force",
        key: "troops",
        kind: Kind::Int,
        min: 0.0,
        max: 200_000.0,
        default: 0.0,
        unit: "deployed ground troops",
        doc: "Ground troops deployed at one time (not counting rotation). Combat power grows with ln(1 + troops/troop_scale).",
        source: "Seed 001 (~5,000 in rear areas), seed 003 (50,000 shrinking to 25,000), IISS 2025 (10,000 symbolic brigade; 25,000 division).",
    },
    FieldSpec {
        table: "force",
        key: "air_defence_units",
        kind: Kind::Int,
        min: 0.0,
        max: 200.0,
        default: 0.0,
        unit: "batteries",
        doc: "Ground-based air-defence batteries (Patriot, SAMP/T, NASAMS, IRIS-T class). Add combat power and an interception layer whose capacity grows with the units.",
        source: "Seed 004 (integrated air defences to shield cities; systems scarce and stretched).",
    },
    FieldSpec {
        table: "force",
        key: "aircraft",
        kind: Kind::Int,
        min: 0.0,
        max: 500.0,
        default: 0.0,
        unit: "combat aircraft",
        doc: "Fighter aircraft assigned to the mission (SkyShield-type air policing). Add combat power and an interception layer over cities.",
        source: "Seed 002 (SkyShield); the public SkyShield proposal (~120 fighters, Mar 2025).",
    },
    FieldSpec {
        table: "force",
        key: "air_basing",
        kind: Kind::Name(AIR_BASINGS),
        min: 0.0,
        max: 1.0,
        default: 0.0,
        unit: "name",
        doc: "Where the aircraft fly from: in_country (bases in Ukraine: their air and ground crews are in the country, exposed to strikes on the force) or neighbouring (bases in neighbouring NATO states: the crews are committed but out of reach of strikes in Ukraine, and Russia's strikes on the air bases are strikes on NATO soil, which escalate like strikes on hubs outside Ukraine).",
        source: "The public SkyShield proposal (Mar 2025): aircraft operating from bases outside Ukraine over its west; seed 002.",
    },
    FieldSpec {
        table: "force",
        key: "naval_units",
        kind: Kind::Int,
        min: 0.0,
        max: 100.0,
        default: 0.0,
        unit: "ships and maritime patrol units",
        doc: "Warships, mine-countermeasure vessels and maritime patrol aircraft in the Black Sea.",
        source: "Seed 002 (warships to the Black Sea), seed 004 (maritime patrols, mine countermeasures), seed 003 (sea-and-air option).",
    },
    FieldSpec {
        table: "force",
        key: "trainers",
        kind: Kind::Int,
        min: 0.0,
        max: 50_000.0,
        default: 0.0,
        unit: "personnel",
        doc: "Trainers embedded with Ukrainian units away from combat; count toward the footprint and, at trainer_weight, toward combat power.",
        source: "Seed 003 (small training contingent), seed 004 (trainers embedded alongside Ukrainian units).",
    },
    FieldSpec {
        table: "force",
        key: "zone",
        kind: Kind::Name(ZONES),
        min: 0.0,
        max: 3.0,
        default: 0.0,
        unit: "name",
        doc: "Where the force deploys: rear, cities, border or contact_line. Nearer the contact line: more tripwire value and more exposure; cities: more air-defence cover over cities.",
        source: "Seed 001 (rear areas), seed 004 (out of contact zones; protect cities and infrastructure).",
    },
    FieldSpec {
        table: "force",
        key: "nations",
        kind: Kind::Int,
        min: 1.0,
        max: 40.0,
        default: 1.0,
        unit: "states",
        doc: "Contributing states (any contribution). More flags raise the tripwire signal.",
        source: "Seed 004 (26 states ready), seed 002 (33-member coalition), seed 003 (11-state core).",
    },
    FieldSpec {
        table: "force",
        key: "ground_contributors",
        kind: Kind::Int,
        min: 0.0,
        max: 40.0,
        default: 1.0,
        unit: "states",
        doc: "States that send ground troops. The first lead_nations of them form the lead tier; the rest are the other-ground-contributors tier; states beyond them are enablers.",
        source: "Seed 004 (only the UK, France and Estonia firmly offered ground troops).",
    },
    FieldSpec {
        table: "force",
        key: "deployment_lag_months",
        kind: Kind::Int,
        min: 0.0,
        max: 24.0,
        default: 2.0,
        unit: "months",
        doc: "Months from the ceasefire (or the decision, when no ceasefire is required) to the force's arrival. Banked paperwork shortens it.",
        source: "Seed 004 (legal and political approvals banked in advance to move fast).",
    },
    FieldSpec {
        table: "force",
        key: "backstop_dependent_share",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.0,
        unit: "share of the announced force",
        doc: "Share of the announced force (troops, trainers and every kind of unit alike) whose contributors deploy only if the U.S. backstop level is at least backstop_dependent_level. Withheld contingents still count in the announcement (C1) but never deploy.",
        source: "Seed 004 (the plan needs the United States; without Washington's backing the coalition will struggle to scale), seed 000 (the U.S. declined to take part).",
    },
    FieldSpec {
        table: "force",
        key: "backstop_dependent_level",
        kind: Kind::Name(BACKSTOP_LEVELS),
        min: 0.0,
        max: 4.0,
        default: 2.0,
        unit: "name",
        doc: "The U.S. backstop level that backstop-dependent contributors require before they deploy: none, political, isr_logistics, air_support or full_guarantee (none: they always deploy).",
        source: "Seeds 001, 004 (contributors count on a U.S. backstop of intelligence, logistics and air cover).",
    },
    FieldSpec {
        table: "force",
        key: "mandate_lead",
        kind: Kind::Name(MANDATES),
        min: 0.0,
        max: 1.0,
        default: 1.0,
        unit: "name",
        doc: "How the lead nations keep their mandate: periodic_vote (a renewal vote every mandate_period_months mission months) or executive (no scheduled vote: they leave when losses pass their tolerance, when will runs out, or after an election that ends their participation). Every tier decides each month while the force fights a war, and every tier meets its elections.",
        source: "The UK and France deploy by executive decision with no annual renewal vote (France: one parliamentary authorisation after four months, art. 35 of the Constitution); exits not caused by an incident came with a change of government (Spain 2004 after an election; the Netherlands 2010 when the government fell over extending its mission).",
    },
    FieldSpec {
        table: "force",
        key: "mandate_ground",
        kind: Kind::Name(MANDATES),
        min: 0.0,
        max: 1.0,
        default: 0.0,
        unit: "name",
        doc: "How the other ground contributors keep their mandate: periodic_vote (a renewal vote every mandate_period_months mission months) or executive (no scheduled vote: they leave when losses pass their tolerance, when will runs out, or after an election that ends their participation). Every tier decides each month while the force fights a war, and every tier meets its elections.",
        source: "Seed 004 (annual parliamentary votes in Germany and Italy); most smaller contributors renew mandates by yearly parliamentary vote.",
    },
    FieldSpec {
        table: "force",
        key: "mandate_enablers",
        kind: Kind::Name(MANDATES),
        min: 0.0,
        max: 1.0,
        default: 0.0,
        unit: "name",
        doc: "How the enablers (states sending no ground troops) keep their mandate: periodic_vote (a renewal vote every mandate_period_months mission months) or executive (no scheduled vote: they leave when losses pass their tolerance, when will runs out, or after an election that ends their participation). Every tier decides each month while the force fights a war, and every tier meets its elections.",
        source: "Seed 004 (annual parliamentary votes in Germany and Italy).",
    },
    FieldSpec {
        table: "rules_of_engagement",
        key: "posture",
        kind: Kind::Name(POSTURES),
        min: 0.0,
        max: 2.0,
        default: 0.0,
        unit: "name",
        doc: "self_defence answers only attacks on the force; protect_mandate also answers strikes on what it protects; robust may answer in kind (strikes on Russian assets).",
        source: "Seed 002 (the response dilemma), seed 000 (deter, monitor or keep the peace?), seed 003 (robust rules of engagement).",
    },
    FieldSpec {
        table: "rules_of_engagement",
        key: "caveat_share",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.3,
        unit: "share of contingents",
        doc: "Share of contingents with national caveats that restrict answering an attack.",
        source: "Seed 004 (a joint headquarters with national caveats).",
    },
    FieldSpec {
        table: "us_backstop",
        key: "level",
        kind: Kind::Name(BACKSTOP_LEVELS),
        min: 0.0,
        max: 4.0,
        default: 0.0,
        unit: "name",
        doc: "What the United States commits: none, political, isr_logistics, air_support or full_guarantee. Only air_support and full_guarantee add an interception layer.",
        source: "Seeds 001, 003, 004 (the vaguely defined U.S. backstop: ISR, logistics, air defence, air support).",
    },
    FieldSpec {
        table: "us_backstop",
        key: "reliability",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.5,
        unit: "probability",
        doc: "Chance that the backstop delivers when first tested; drawn once per run and revealed at the first attack on the force.",
        source: "Seed 000 (the U.S. declined to take part), seed 004 (support thin or delayed).",
    },
    FieldSpec {
        table: "russia",
        key: "policy",
        kind: Kind::Name(POLICIES),
        min: 0.0,
        max: 4.0,
        default: 3.0,
        unit: "name",
        doc: "Moscow's response policy: restraint, probe, coercive_strikes, test_resolve (adapts to answers) or reinvade (builds up to an offensive).",
        source: "Seed 000 (Moscow calls any deployment without a UN mandate unacceptable), seed 001 (Lavrov: \"it simply will not work\").",
    },
    FieldSpec {
        table: "russia",
        key: "risk_appetite",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.5,
        unit: "index 0-1",
        doc: "Moscow's appetite for risk: scales every hostile propensity (0 = no hostile action at all) and the chance that an exchange escalates.",
        source: "Assumption.",
    },
    FieldSpec {
        table: "ukraine",
        key: "strength",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.5,
        unit: "index 0-1",
        doc: "Strength of Ukraine's own armed forces after the ceasefire: 0 exhausted, 0.5 as in 2025 (the reference), 1 well armed and trained. A stronger Ukraine makes an offensive less likely to succeed and so less attractive: it multiplies the offensive hazard and the planned offensive's launch chance by exp(-ukraine_strength_effect x (strength - 0.5)).",
        source: "Seed 002 (the decisive guarantor is Ukraine's own armed forces), seed 003 (supercharging the Ukrainian military), seed 001 (enable Ukrainian success on the battlefield), seed 000 (sustained support for its armed forces).",
    },
    FieldSpec {
        table: "ukraine",
        key: "aid",
        kind: Kind::Float,
        min: 0.0,
        max: 1.0,
        default: 0.0,
        unit: "index 0-1",
        doc: "Military aid to Ukraine beyond the 2025 level, kept up over the horizon: 0 none, 1 the package that arms Ukraine's forces most of the way to well armed (strength + aid_strength_gain x aid, at most 1). Priced at aid_cost_year x aid a year.",
        source: "Seed 001 (military aid bundled with the pressure on Moscow), seed 002 (Ukraine armed to the teeth), seed 000 (sustained support for its armed forces).",
    },
];

/// The lever table of `docs/model.md`, generated from the registry.
pub fn markdown_table() -> String {
    let mut s = String::from(
        "| lever | type | default | range | unit | meaning | source |\n|---|---|---|---|---|---|---|\n",
    );
    for f in &FIELDS {
        let (kind, range) = match f.kind {
            Kind::Bool => ("yes/no", "true, false".to_string()),
            Kind::Int => ("whole", format!("{} – {}", fmt_num(f.min), fmt_num(f.max))),
            Kind::Float => ("number", format!("{} – {}", fmt_num(f.min), fmt_num(f.max))),
            Kind::Name(names) => ("name", names.join(", ")),
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            f.path(),
            kind,
            f.default_toml(),
            range,
            f.unit,
            f.doc,
            f.source
        ));
    }
    s
}

impl Field {
    pub const ALL: [Field; N_FIELDS] = [
        Field::CeasefireRequired,
        Field::CeasefireProbability,
        Field::WindowMonths,
        Field::Pressure,
        Field::Monitoring,
        Field::Troops,
        Field::AirDefenceUnits,
        Field::Aircraft,
        Field::AirBasing,
        Field::NavalUnits,
        Field::Trainers,
        Field::Zone,
        Field::Nations,
        Field::GroundContributors,
        Field::DeploymentLag,
        Field::BackstopDependentShare,
        Field::BackstopDependentLevel,
        Field::MandateLead,
        Field::MandateGround,
        Field::MandateEnablers,
        Field::Posture,
        Field::CaveatShare,
        Field::BackstopLevel,
        Field::BackstopReliability,
        Field::Policy,
        Field::RiskAppetite,
        Field::UkraineStrength,
        Field::UkraineAid,
    ];

    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    pub fn find(table: &str, key: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.spec().table == table && f.spec().key == key)
    }

    pub fn keys_of(table: &str) -> Vec<&'static str> {
        FIELDS
            .iter()
            .filter(|f| f.table == table)
            .map(|f| f.key)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "Field::ALL out of order at {i}");
            let s = f.spec();
            assert!(
                s.min <= s.default && s.default <= s.max,
                "{} default out of range",
                s.path()
            );
            assert!(PARAM_TABLES.contains(&s.table));
            if let Kind::Name(names) = s.kind {
                assert_eq!(s.max as usize, names.len() - 1, "{}", s.path());
            }
            assert!(!s.doc.is_empty() && !s.source.is_empty());
        }
    }
}
