//! The registry of model coefficients: the one home of every number the model
//! uses that is not a scenario lever. Each has a name (the key a scenario's
//! `[assumptions]` table overrides it by), a default, a hard range (what
//! validation accepts), a plausible range (what the evidence supports and a
//! sensitivity analysis explores), a unit, the equation it enters (see
//! `docs/model.md`) and a source.
//!
//! `docs/model.md` carries a table generated from this registry; a test checks
//! that it is current, that every coefficient can be overridden and that each
//! one moves some output (no dead coefficients).

#[derive(Debug)]
pub struct CoefSpec {
    pub name: &'static str,
    pub default: f64,
    /// The hard range: a scenario's value outside it is an input error. No
    /// value inside it makes the model absurd (every force leaving in month
    /// 1, every ceasefire vetoed).
    pub min: f64,
    pub max: f64,
    /// The plausible range: where the evidence (or, for an assumption, our
    /// judgement) puts the value; what a sensitivity analysis should explore.
    pub plausible: (f64, f64),
    /// Whole numbers only (months, states, crew sizes); a distribution's
    /// draws are rounded to the nearest whole number, as for integer levers.
    pub integer: bool,
    pub unit: &'static str,
    /// The equation (label in `docs/model.md`) and the role it plays there.
    pub role: &'static str,
    pub source: &'static str,
}

macro_rules! is_integer {
    (int) => {
        true
    };
    (real) => {
        false
    };
}

macro_rules! coefficients {
    ($( $variant:ident = $name:literal, $default:expr, [$min:expr, $max:expr], [$plo:expr, $phi:expr], $int:ident, $unit:literal, $role:literal, $source:literal; )*) => {
        /// Index of a coefficient in [`COEFS`] and in a [`super::Coefs`] vector.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Coef { $($variant),* }

        pub const COEFS: &[CoefSpec] = &[
            $( CoefSpec { name: $name, default: $default, min: $min, max: $max, plausible: ($plo, $phi), integer: is_integer!($int), unit: $unit, role: $role, source: $source } ),*
        ];

        impl Coef {
            pub const ALL: &[Coef] = &[$(Coef::$variant),*];
        }
    };
}

coefficients! {
    // --- Ceasefire window (C1) and relapse (C3) ---------------------------------
    PressureEffect = "pressure_effect", 2.0, [0.0, 6.0], [1.0, 3.0], real, "logit per unit pressure",
        "C1: beta_pressure, raises the log-odds of a ceasefire in the window",
        "Seed 001 (compel a ceasefire through pressure); size assumed: full pressure turns p0 = 0.3 into about 0.76";
    PressureBuildMonths = "pressure_build_months", 6.0, [0.0, 36.0], [2.0, 12.0], real, "months",
        "C1/C2: pressure builds as 1 - exp(-m/this) from the scenario's start (0: at once)",
        "Judgement, from the record of sanctions on Russia: the EU's oil embargo and the G7 price cap (Dec 2022 - Feb 2023) cut Russia's oil revenues within months, not at once; plausible 2-12";
    PressureAdaptation = "pressure_adaptation", 0.15, [0.0, 2.0], [0.0, 0.4], real, "per year",
        "C1/C2: Russia's adaptation erodes pressure as exp(-this x m/12) (0: no erosion)",
        "Judgement, from the record: a shadow fleet and re-routed trade restored much of Russia's oil revenue within about a year of the 2022-23 measures; at 0.15 a year pressure keeps 64% of its effect after 3 years, 0 plausible (pressure renewed as fast as it is evaded)";
    AnnouncementPenalty = "announcement_penalty", 0.3, [0.0, 1.5], [0.0, 0.6], real, "logit per ln(1 + announced/announcement_scale)",
        "C1: kappa, lowers the log-odds of a ceasefire as the announced ground force grows (0 switches it off)",
        "Seed 002 (a promised post-ceasefire force makes Moscow less willing to agree); size assumed";
    AirPolicingObjection = "air_policing_objection", 0.2, [0.0, 1.5], [0.0, 0.5], real, "logit per ln(1 + aircraft/air_objection_scale)",
        "C1: lowers the log-odds of a ceasefire as the announced aircraft grow (air policing over Ukraine), wherever they are based (0 switches it off)",
        "Judgement, citing Moscow's 2022 statements: on 5 March 2022 Putin said any state imposing a no-fly zone over Ukraine would be taking part in the war, and NATO declined one for that reason; size: SkyShield's 120 aircraft take 0.22 (about the announcement penalty of a 10,000-troop ground force, 0.21), 24 aircraft 0.07; 0 plausible (air policing far from the front read as defensive)";
    AirObjectionScale = "air_objection_scale", 60.0, [1.0, 1000.0], [30.0, 120.0], real, "aircraft",
        "C1: scale of the announced aircraft in the air-policing objection's logarithm",
        "Judgement (a few squadrons: the size at which air policing reads as air denial)";
    KyivConfidence = "kyiv_confidence", 0.6, [0.0, 3.0], [0.0, 1.2], real, "logit per unit of G",
        "C1: raises the log-odds of a ceasefire by this x G, G = 1 - exp(-S0) the guarantee's credibility (D1 of the force that deploys, at full strength, initial credibility, the backstop before any test); 0 switches Kyiv's side off",
        "Seed 001 (the force is meant to reassure Kyiv, which would then sign a peace agreement with more confidence). Size: judgement, so that at the default the coalition baseline's Kyiv term (G about 0.5) offsets most of Moscow's announcement penalty; 0 is plausible (Kyiv signs or not for other reasons)";
    AnnouncementScale = "announcement_scale", 10_000.0, [1_000.0, 100_000.0], [5_000.0, 20_000.0], real, "troops",
        "C1: scale of the announced force in the penalty's logarithm",
        "Model brief (ln(1 + announced/10,000))";
    CeasefireLaterRatio = "ceasefire_later_ratio", 0.25, [0.0, 1.0], [0.0, 0.6], real, "x window hazard",
        "C2/C2r: the monthly ceasefire hazard after the window, and after a collapse, as a share of the window's hazard 1-(1-p_win)^(1/W) (0: no ceasefire after the window)",
        "Judgement: talks go on after a failed push at a lower rate (Korea 1951-53: two years of talks to an armistice); with the library's ceasefire settings and no force, 84.5% of runs see a ceasefire within 36 months at 0.25 (59.0% at 0, the window alone; 72.4% at 0.1; 95.7% at 0.6)";
    RelapseScale = "relapse_scale", 800.0, [20.0, 5000.0], [400.0, 1500.0], real, "months",
        "C3: Weibull scale lambda of the relapse hazard",
        "Fortna 2003 and Peace Time (2004): about half of the ceasefires ending interstate wars 1946-97 failed, most early; Collier, Hoeffler & Soderbom 2008: about 40% relapse within a decade. Calibrated, with R5's rebuilding at its default, to 20-40% within 2 years, 30-55% within 5, 35-60% within 10 with no force (27.3%, 40.2%, 51.6% at 800; 330 fitted them without rebuilding)";
    RelapseShape = "relapse_shape", 0.38, [0.2, 1.2], [0.3, 0.5], real, "dimensionless",
        "C3: Weibull shape k (< 1: the hazard falls with time since the ceasefire)",
        "Seed 003 (the first thirty days are the most dangerous); Fortna 2004 (failures cluster early, survivors last); the same calibration";
    RebuildGain = "rebuild_gain", 1.0, [0.0, 5.0], [0.0, 2.0], real, "x the relapse hazard",
        "R5: Russia rebuilds: every offensive hazard built on q(s) is multiplied by 1 + gain x (1 - exp(-s/rebuild_months)), s the months since the ceasefire in force began (0 switches it off)",
        "Judgement, timed by Danish Defence Intelligence (Feb 2025): once the fighting in Ukraine stops, about 6 months to a local war, 2 years to a regional war, 5 years to a large-scale war in Europe; at 1 a fully rebuilt army doubles the hazard of the first months' exhausted one";
    RebuildMonths = "rebuild_months", 24.0, [1.0, 240.0], [12.0, 36.0], real, "months",
        "R5: time constant of the rebuilding (63% of the gain at this many months after the ceasefire)",
        "Sourced: Danish Defence Intelligence Service, threat assessment of Feb 2025 (a regional war within about 2 years of the fighting in Ukraine stopping); at 24 months, 22% of the gain at 6 months and 92% at 60";
    WithdrawalEmboldening = "withdrawal_emboldening", 0.5, [0.0, 4.0], [0.0, 1.0], real, "x offensive propensity",
        "R4: after a withdrawal, the offensive propensity of the months without the force is multiplied by 1 + this, for withdrawal_emboldening_months months",
        "Judgement: Russia emboldened by a departure (seed 002: without an answer the mission loses credibility); departures under fire were followed by renewed attacks in some cases (Somalia 1993-95) and not in others, so 0 is plausible";
    WithdrawalEmboldeningMonths = "withdrawal_emboldening_months", 12.0, [0.0, 60.0], [6.0, 24.0], int, "months",
        "R4: how long the emboldening after a withdrawal lasts",
        "Judgement";
    AidStrengthGain = "aid_strength_gain", 0.3, [0.0, 1.0], [0.15, 0.5], real, "strength per unit of aid",
        "U1: military aid raises Ukraine's strength to min(1, strength + this x aid)",
        "Judgement: aid 1 takes Ukraine from its 2025 forces (0.5) most of the way to well armed (0.8: the step arm-ukraine made by hand before aid was a lever); seed 002";
    UkraineStrengthEffect = "ukraine_strength_effect", 1.2, [0.0, 4.0], [0.5, 2.0], real, "per unit strength",
        "U1: the offensive hazard and the planned offensive's launch chance are multiplied by exp(-effect x (strength - 0.5))",
        "Seeds 001-003 (Ukraine's own armed forces are the decisive guarantee); size assumed: strength 1 halves the offensive hazard";

    // --- Russian propensities by policy (R1), monthly at risk appetite 0.5 ------
    ProbeRestraint = "probe_rate_restraint", 0.05, [0.0, 1.0], [0.02, 0.1], real, "per month", "R1: grey-zone probe propensity under restraint", "Assumption; OSCE SMM reports (violations continue under ceasefires)";
    ProbeProbe = "probe_rate_probe", 0.35, [0.0, 1.0], [0.2, 0.5], real, "per month", "R1: grey-zone probe propensity under probe", "Assumption; seed 002 (drone incursions into NATO territory)";
    ProbeCoercive = "probe_rate_coercive_strikes", 0.25, [0.0, 1.0], [0.15, 0.35], real, "per month", "R1: probe propensity under coercive_strikes", "Assumption";
    ProbeTest = "probe_rate_test_resolve", 0.30, [0.0, 1.0], [0.2, 0.4], real, "per month", "R1: probe propensity under test_resolve", "Assumption";
    ProbeReinvade = "probe_rate_reinvade", 0.30, [0.0, 1.0], [0.2, 0.4], real, "per month", "R1: probe propensity under reinvade (before the build-up)", "Assumption";
    ForceStrikeRestraint = "force_strike_rate_restraint", 0.002, [0.0, 0.5], [0.0, 0.005], real, "per month", "R1: strike-on-the-force propensity under restraint (rogue or mistaken strikes)", "Assumption; Seet & Burnham 2000 (quiet missions)";
    ForceStrikeProbe = "force_strike_rate_probe", 0.015, [0.0, 0.5], [0.005, 0.03], real, "per month", "R1: strike-on-the-force propensity under probe", "Assumption";
    ForceStrikeCoercive = "force_strike_rate_coercive_strikes", 0.06, [0.0, 0.5], [0.03, 0.1], real, "per month", "R1: strike-on-the-force propensity under coercive_strikes", "Assumption; seed 004 (bases far from the front can still be hit)";
    ForceStrikeTest = "force_strike_rate_test_resolve", 0.04, [0.0, 0.5], [0.02, 0.07], real, "per month", "R1: strike-on-the-force propensity under test_resolve (before adaptation)", "Assumption; seed 002 (the force attacked by missiles and drones)";
    ForceStrikeReinvade = "force_strike_rate_reinvade", 0.04, [0.0, 0.5], [0.02, 0.07], real, "per month", "R1: strike-on-the-force propensity under reinvade", "Assumption";
    CityStrikeRestraint = "city_strike_rate_restraint", 0.002, [0.0, 0.5], [0.0, 0.005], real, "per month", "R1: strike-on-cities propensity under restraint (ceasefire months)", "Assumption";
    CityStrikeProbe = "city_strike_rate_probe", 0.02, [0.0, 0.5], [0.01, 0.04], real, "per month", "R1: strike-on-cities propensity under probe", "Assumption";
    CityStrikeCoercive = "city_strike_rate_coercive_strikes", 0.12, [0.0, 0.5], [0.06, 0.2], real, "per month", "R1: strike-on-cities propensity under coercive_strikes", "Seed 001 (missile and drone strikes on cities and infrastructure)";
    CityStrikeTest = "city_strike_rate_test_resolve", 0.04, [0.0, 0.5], [0.02, 0.07], real, "per month", "R1: strike-on-cities propensity under test_resolve", "Assumption";
    CityStrikeReinvade = "city_strike_rate_reinvade", 0.04, [0.0, 0.5], [0.02, 0.07], real, "per month", "R1: strike-on-cities propensity under reinvade", "Assumption";
    OffensiveRestraint = "offensive_weight_restraint", 0.2, [0.0, 3.0], [0.1, 0.4], real, "x relapse hazard", "R1/C3: multiplier of the relapse (offensive) hazard under restraint", "Assumption";
    OffensiveProbe = "offensive_weight_probe", 0.5, [0.0, 3.0], [0.3, 0.8], real, "x relapse hazard", "R1/C3: multiplier of the relapse hazard under probe", "Assumption";
    OffensiveCoercive = "offensive_weight_coercive_strikes", 0.7, [0.0, 3.0], [0.4, 1.0], real, "x relapse hazard", "R1/C3: multiplier of the relapse hazard under coercive_strikes", "Assumption";
    OffensiveTest = "offensive_weight_test_resolve", 1.0, [0.0, 3.0], [0.75, 1.25], real, "x relapse hazard", "R1/C3: multiplier of the relapse hazard under test_resolve (the reference policy)", "Fortna 2004 (calibration reference)";
    OffensiveReinvade = "offensive_weight_reinvade", 1.0, [0.0, 3.0], [0.75, 1.25], real, "x relapse hazard", "R1/C3: multiplier of the relapse hazard under reinvade, besides the planned offensive", "Assumption";
    RiskElasticity = "risk_elasticity", 1.0, [0.0, 3.0], [0.5, 1.5], real, "exponent",
        "R1: g(r) = (2r)^risk_elasticity scales every hostile propensity by risk appetite r",
        "Assumption (0 makes risk appetite irrelevant; g(0.5) = 1 by construction)";
    ResolveUnansweredGain = "resolve_unanswered_gain", 0.35, [0.0, 1.5], [0.15, 0.6], real, "fraction",
        "R2: test_resolve multiplies its hostile propensities by (1 + gain) after an unanswered attack",
        "Seed 002 (without an answer the mission loses credibility); size assumed";
    ResolveAnsweredCut = "resolve_answered_cut", 0.25, [0.0, 0.9], [0.1, 0.4], real, "fraction",
        "R2: test_resolve multiplies its hostile propensities by (1 - cut) after a firm answer",
        "Assumption";
    ResolveCap = "resolve_cap", 4.0, [1.0, 10.0], [2.0, 6.0], real, "x",
        "R2: the adaptation multiplier stays within [1/cap, cap]",
        "Assumption";
    ReinvadeMonthMin = "reinvade_month_min", 6.0, [1.0, 48.0], [3.0, 9.0], real, "months after the ceasefire", "R3: triangular(min, mode, max) month of the planned offensive", "Model brief (triangular(6, 12, 20))";
    ReinvadeMonthMode = "reinvade_month_mode", 12.0, [1.0, 48.0], [9.0, 15.0], real, "months after the ceasefire", "R3: mode of the planned offensive month", "Model brief";
    ReinvadeMonthMax = "reinvade_month_max", 20.0, [1.0, 48.0], [16.0, 24.0], real, "months after the ceasefire", "R3: latest planned offensive month", "Model brief";
    BuildupProbeMult = "buildup_probe_mult", 3.5, [1.0, 10.0], [3.0, 4.0], real, "x", "R3: probe propensity multiplier during the build-up", "OSCE SMM: violations jumped 3-4x before the 2022 invasion";
    BuildupMonths = "buildup_months", 2.0, [0.0, 6.0], [1.0, 3.0], int, "months", "R3: length of the build-up before the planned offensive", "OSCE SMM (weeks to months of rising violations before Feb 2022)";
    ClashStrikeMult = "clash_strike_mult", 2.0, [1.0, 6.0], [1.5, 3.0], real, "x", "R1: strike-on-the-force propensity multiplier at rung 3 (sustained clashes)", "Assumption";
    WarStrikeMult = "war_strike_mult", 3.0, [1.0, 8.0], [2.0, 5.0], real, "x", "R1/W1: strike-on-the-force propensity multiplier in war months", "Assumption; seed 004 (bases far from the front are targeted); UAF reports of daily strikes on military sites in the rear";

    // --- Zone: exposure (R1), deterrence weight (D1), cover of cities (I1), reach (O1)
    ExposureRear = "exposure_rear", 0.6, [0.0, 3.0], [0.4, 0.8], real, "x", "R1/G1: strike-on-the-force and combat-loss multiplier in the rear", "Seed 004 (bases far from the front can still be targeted)";
    ExposureCities = "exposure_cities", 0.8, [0.0, 3.0], [0.6, 1.0], real, "x", "R1/G1: exposure multiplier in cities", "Assumption";
    ExposureBorder = "exposure_border", 1.0, [0.0, 3.0], [0.8, 1.2], real, "x", "R1/G1: exposure multiplier at the border (reference)", "Assumption";
    ExposureContactLine = "exposure_contact_line", 1.5, [0.0, 3.0], [1.2, 2.0], real, "x", "R1/G1: exposure multiplier on the contact line", "Seed 004 (steering clear of frontline duty)";
    ZoneWeightRear = "zone_weight_rear", 0.7, [0.0, 2.0], [0.5, 0.9], real, "x", "D1: deterrence weight of combat power and tripwire in the rear", "Seed 001 (a rear-area force cannot meaningfully deter)";
    ZoneWeightCities = "zone_weight_cities", 0.85, [0.0, 2.0], [0.7, 1.0], real, "x", "D1: deterrence weight of combat power and tripwire in cities", "Assumption";
    ZoneWeightBorder = "zone_weight_border", 1.0, [0.0, 2.0], [0.9, 1.1], real, "x", "D1: deterrence weight of combat power and tripwire at the border (reference)", "Assumption";
    ZoneWeightContactLine = "zone_weight_contact_line", 1.2, [0.0, 2.0], [1.0, 1.5], real, "x", "D1: deterrence weight of combat power and tripwire on the contact line", "Reiter & Poast 2021 (tripwires); assumption";
    CityCoverRear = "city_cover_rear", 0.5, [0.0, 1.0], [0.3, 0.7], real, "share", "I1: share of the force's air-defence units that cover cities when deployed in the rear", "Seed 002 (western and central Ukraine lie in the rear)";
    CityCoverCities = "city_cover_cities", 1.0, [0.0, 1.0], [0.8, 1.0], real, "share", "I1: share covering cities when deployed in cities", "Seed 004 (air defences to shield cities and grids)";
    CityCoverBorder = "city_cover_border", 0.2, [0.0, 1.0], [0.1, 0.3], real, "share", "I1: share covering cities when deployed on the border", "Assumption";
    CityCoverContactLine = "city_cover_contact_line", 0.1, [0.0, 1.0], [0.0, 0.2], real, "share", "I1: share covering cities when deployed on the contact line", "Assumption";
    ReachRear = "reach_rear", 0.15, [0.0, 1.0], [0.05, 0.3], real, "probability", "O1: chance that an offensive reaches a force in the rear that defends where it stands", "Assumption; seed 001 (a rear-area force); the 2022 drive on Kyiv reached deep";
    ReachCities = "reach_cities", 0.3, [0.0, 1.0], [0.15, 0.5], real, "probability", "O1: chance that an offensive reaches a force deployed in cities", "Assumption";
    ReachBorder = "reach_border", 0.6, [0.0, 1.0], [0.4, 0.8], real, "probability", "O1: chance that an offensive reaches a force on the border", "Assumption";
    ReachContactLine = "reach_contact_line", 0.95, [0.0, 1.0], [0.85, 1.0], real, "probability", "O1: chance that an offensive reaches a force on the contact line", "Assumption (it is where an offensive starts)";

    // --- Perceived deterrence (D1) ---------------------------------------------
    TroopWeight = "troop_weight", 1.0, [0.0, 5.0], [0.7, 1.3], real, "per ln-unit", "D1: weight of ln(1 + (troops + trainer_weight x trainers)/troop_scale) in combat power", "Reiter & Poast 2021; Shlapak & Johnson, RAND 2016 (local balance decides)";
    TroopScale = "troop_scale", 10_000.0, [1_000.0, 100_000.0], [7_000.0, 15_000.0], real, "troops", "D1: troops at which the diminishing-returns curve bends (one brigade)", "IISS 2025 (a brigade of ~10,000 is symbolic)";
    TrainerWeight = "trainer_weight", 0.25, [0.0, 1.0], [0.1, 0.5], real, "troop-equivalents per trainer", "D1: trainers' contribution to the troop term", "Assumption";
    AirDefenceWeight = "air_defence_weight", 0.05, [0.0, 1.0], [0.03, 0.08], real, "per battery", "D1: combat power per air-defence unit", "Assumption";
    AircraftWeight = "aircraft_weight", 0.004, [0.0, 0.1], [0.002, 0.006], real, "per aircraft", "D1: combat power per aircraft (120 aircraft ~ 0.5, like ~6,500 troops)", "Assumption; SkyShield proposal (~120 fighters)";
    NavalWeight = "naval_weight", 0.02, [0.0, 1.0], [0.01, 0.04], real, "per unit", "D1: combat power per naval unit", "Assumption";
    TripwireWeight = "tripwire_weight", 0.08, [0.0, 1.0], [0.04, 0.12], real, "per ln(1 + nations)", "D1: tripwire signal of the flags on the ground (kept below combat power)", "Reiter & Poast 2021 (tripwires rarely stop a fait accompli)";
    PostureSelfDefence = "posture_credibility_self_defence", 0.6, [0.0, 1.0], [0.5, 0.7], real, "x", "D1: credibility multiplier of the self_defence posture", "Seed 002 (the response dilemma)";
    PostureProtect = "posture_credibility_protect_mandate", 0.8, [0.0, 1.0], [0.7, 0.9], real, "x", "D1: credibility multiplier of protect_mandate", "Assumption";
    PostureRobust = "posture_credibility_robust", 1.0, [0.0, 1.0], [0.9, 1.0], real, "x", "D1: credibility multiplier of robust", "Seed 003 (robust rules of engagement send the signal)";
    BackstopDeterrence = "backstop_deterrence_weight", 1.0, [0.0, 5.0], [0.5, 1.5], real, "per unit backstop weight", "D1: deterrence score added per unit of perceived U.S. backstop weight", "Seeds 001, 003, 004 (contributors want a U.S. backstop); size assumed";
    InitialCredibility = "initial_credibility", 0.7, [0.1, 1.0], [0.6, 0.8], real, "0-1", "D1/K1: the force's credibility on arrival", "Assumption";
    BackstopPolitical = "backstop_weight_political", 0.1, [0.0, 1.0], [0.05, 0.15], real, "0-1", "B1: weight of a political backstop (also the floor under us_led monitoring)", "Model brief";
    BackstopIsr = "backstop_weight_isr_logistics", 0.25, [0.0, 1.0], [0.15, 0.35], real, "0-1", "B1: weight of an ISR-and-logistics backstop", "Model brief; seed 001 (enablers, ISR)";
    BackstopAir = "backstop_weight_air_support", 0.5, [0.0, 1.0], [0.4, 0.6], real, "0-1", "B1: weight of U.S. air support", "Model brief; seed 001 (Trump weighing air support)";
    BackstopFull = "backstop_weight_full_guarantee", 1.0, [0.0, 1.0], [0.9, 1.0], real, "0-1", "B1: weight of a full U.S. guarantee", "Model brief";

    // --- Monitoring (M1) -------------------------------------------------------
    MonitoringEuropean = "monitoring_european", 0.5, [0.0, 1.0], [0.3, 0.7], real, "0-1", "M1: attribution quality m of European monitoring (us_led = 1, none = 0)", "Model brief; seed 003 (European surveillance)";
    MonitoringUnOsce = "monitoring_un_osce", 0.8, [0.0, 1.0], [0.6, 1.0], real, "0-1", "M1/V1: attribution quality m of an impartial UN- or OSCE-style observer mission (us_led = 1, none = 0)", "Judgement: impartial observers both sides admit see the whole line (OSCE SMM 2014-22 reported daily from both sides) but lack the U.S. technical means; below us_led, above a coalition's own surveillance";
    MonitoringRelapseCut = "monitoring_relapse_cut", 0.35, [0.0, 0.9], [0.15, 0.5], real, "share of the relapse hazard", "V1: monitoring and verification multiply the relapse (offensive) hazard by 1 - cut x m, in every ceasefire month with or without a force", "Fortna 2004 (ISQ) and 2008 (Does Peacekeeping Work?): peacekeepers cut the risk of renewed war by about 50-75%, unarmed observer missions about as much as armed ones; Gilligan & Sergenti 2008: 85%. Split (judgement): half of a 60% cut in log-hazard terms, 1 - 0.4^0.5 = 0.37, is monitoring's; the other half is the troops' deterrence, which D1 carries";
    MonitoringProbeCut = "monitoring_probe_cut", 0.6, [0.0, 1.0], [0.4, 0.8], real, "share", "M1: probes fall by cut x m", "Seed 003 (proof of infractions hard to deny)";

    // --- Interception (I1) and war volumes (W1) ---------------------------------
    SalvoDrones = "salvo_drones", 24.0, [0.0, 1000.0], [12.0, 48.0], real, "drones", "I1: mean drones in a strike on the force's bases", "Assumption; UAF figures (typical night salvos)";
    SalvoMissiles = "salvo_missiles", 4.0, [0.0, 200.0], [2.0, 8.0], real, "missiles", "I1: mean missiles in a strike on the force's bases", "Assumption; 2025 Iskander strikes on training grounds used one or two missiles each";
    CitySalvoDrones = "city_salvo_drones", 80.0, [0.0, 2000.0], [40.0, 160.0], real, "drones", "I1: mean drones in a coercive strike on cities during a ceasefire", "Assumption; UAF figures";
    CitySalvoMissiles = "city_salvo_missiles", 8.0, [0.0, 500.0], [4.0, 16.0], real, "missiles", "I1: mean missiles in a coercive strike on cities", "Assumption";
    UkraineKillDrone = "ukraine_kill_drone", 0.85, [0.0, 1.0], [0.8, 0.9], real, "probability", "I1: Ukraine's own air defence, per drone", "UAF figures 2024-25: drones 0.8-0.9";
    UkraineKillMissile = "ukraine_kill_missile", 0.45, [0.0, 1.0], [0.3, 0.6], real, "probability", "I1: Ukraine's own air defence, per missile (cruise and ballistic mix)", "UAF figures 2024-25: cruise 0.5-0.7, ballistic 0.06-0.4";
    AdKillDrone = "ad_kill_drone", 0.85, [0.0, 1.0], [0.8, 0.9], real, "probability", "I1: the force's air-defence layer, per drone engaged", "UAF figures (Western systems at the top of the range)";
    AdKillMissile = "ad_kill_missile", 0.6, [0.0, 1.0], [0.4, 0.8], real, "probability", "I1: the force's air-defence layer, per missile engaged", "UAF figures";
    AdCapacity = "ad_capacity", 12.0, [0.0, 200.0], [6.0, 24.0], real, "weapons per unit per strike", "I1: weapons one air-defence unit can engage in one strike (saturation)", "Assumption (launchers x ready interceptors)";
    AircraftKillDrone = "aircraft_kill_drone", 0.7, [0.0, 1.0], [0.5, 0.85], real, "probability", "I1: the aircraft layer, per drone engaged", "Assumption";
    AircraftKillMissile = "aircraft_kill_missile", 0.3, [0.0, 1.0], [0.15, 0.5], real, "probability", "I1: the aircraft layer, per missile engaged", "Assumption";
    AircraftCapacity = "aircraft_capacity", 0.5, [0.0, 10.0], [0.25, 1.0], real, "weapons per aircraft per strike", "I1: capacity of the aircraft layer", "Assumption (sortie readiness)";
    UsKillDrone = "us_kill_drone", 0.8, [0.0, 1.0], [0.7, 0.9], real, "probability", "I1: U.S. air support layer, per drone engaged", "Assumption";
    UsKillMissile = "us_kill_missile", 0.5, [0.0, 1.0], [0.35, 0.65], real, "probability", "I1: U.S. air support layer, per missile engaged", "Assumption";
    UsCapacityAir = "us_capacity_air_support", 40.0, [0.0, 1000.0], [20.0, 80.0], real, "weapons per strike", "I1: capacity of the U.S. layer under air_support", "Assumption";
    UsCapacityFull = "us_capacity_full_guarantee", 80.0, [0.0, 1000.0], [40.0, 160.0], real, "weapons per strike", "I1: capacity of the U.S. layer under full_guarantee", "Assumption";
    WarDronesMin = "war_drones_min", 2000.0, [0.0, 20_000.0], [1500.0, 2500.0], real, "drones per month", "W1: fewest drones launched at Ukraine in a war month", "UAF figures 2024-25: 2,000-6,500 drones a month";
    WarDronesMax = "war_drones_max", 6500.0, [0.0, 20_000.0], [5000.0, 8000.0], real, "drones per month", "W1: most drones in a war month", "UAF figures 2024-25";
    WarMissilesMin = "war_missiles_min", 60.0, [0.0, 2000.0], [40.0, 80.0], real, "missiles per month", "W1: fewest missiles in a war month", "UAF figures 2024-25: 60-350 missiles a month";
    WarMissilesMax = "war_missiles_max", 350.0, [0.0, 2000.0], [250.0, 450.0], real, "missiles per month", "W1: most missiles in a war month", "UAF figures 2024-25";
    WarSalvos = "war_salvos_per_month", 30.0, [1.0, 100.0], [20.0, 30.0], real, "strikes per month", "W1: strikes a war month is split into (each layer's capacity applies per strike)", "UAF figures (near-nightly attacks)";
    RetaliationMax = "retaliation_max", 0.3, [0.0, 1.0], [0.1, 0.5], real, "per month", "W2: ceiling of the added monthly strike-on-the-force propensity that the force's kills over Ukraine draw", "Assumption; seed 002 (SkyShield shooting down Russian drones and missiles)";
    RetaliationScale = "retaliation_scale", 500.0, [10.0, 10_000.0], [200.0, 1500.0], real, "weapons shot down", "W2: kills in a month at which retaliation reaches 63% of its ceiling", "Assumption";
    AircraftLossRate = "aircraft_loss_rate", 0.0003, [0.0, 0.01], [0.0001, 0.001], real, "per aircraft-month", "W3: chance per aircraft and war month of a loss to Russian fire (times the zone's exposure)", "Assumption; air policing far from the front (seed 002)";
    AircraftLossClash = "aircraft_loss_clash", 0.3, [0.0, 1.0], [0.1, 0.5], real, "probability", "W3: chance that an aircraft lost to Russian fire jumps the ladder to rung 3", "Case history (Turkey's downing of a Russian Su-24 in 2015 stayed contained); assumption";
    AircraftCrewKilled = "aircraft_crew_killed", 0.5, [0.0, 1.0], [0.3, 0.7], real, "probability", "W3: chance that the crew of a lost aircraft is killed (one death)", "Assumption";

    // --- Casualties and harm (I2) ------------------------------------------------
    DeathsPerDrone = "deaths_per_drone", 0.5, [0.0, 5.0], [0.2, 1.0], real, "deaths per leaker", "I2: mean deaths per drone that leaks onto a base", "Assumption (a Shahed-class warhead on a hardened, dispersed site)";
    DeathsPerMissile = "deaths_per_missile", 3.0, [0.0, 30.0], [1.5, 6.0], real, "deaths per leaker", "I2: mean deaths per missile that leaks onto a base", "Russian Iskander strikes on Ukrainian training grounds, 2025 (Ukrainian Ground Forces via Kyiv Independent, 24 Sep 2025): 1 killed (12 Aug), 3 (Chernihiv region, Jul, two missiles), 12 (1 Jun); shelters and alerts cut the toll";
    CasualtyDispersion = "casualty_dispersion", 0.5, [0.05, 10.0], [0.3, 1.0], real, "negative-binomial size r", "I2: over-dispersion of deaths per incident (small r: rare mass-casualty incidents)", "The same 2025 strikes (a few to a dozen dead, a long tail: 87 at Desna, May 2022); Beirut 1983 (241 in one incident)";
    HarmPerDrone = "harm_per_drone", 1.0, [0.0, 100.0], [1.0, 1.0], real, "index points", "I2: civilian-harm index per drone leaking onto a city", "Convention: one drone = 1";
    HarmPerMissile = "harm_per_missile", 4.0, [0.0, 100.0], [2.0, 8.0], real, "index points", "I2: civilian-harm index per missile leaking onto a city", "Assumption (larger warheads)";
    CrewAirDefence = "crew_air_defence_unit", 100.0, [0.0, 1000.0], [80.0, 150.0], int, "people", "I2/X1: people in the country per air-defence unit (who can be struck)", "Assumption (a Patriot battery has about 90 soldiers)";
    CrewAircraft = "crew_aircraft", 20.0, [0.0, 200.0], [10.0, 40.0], int, "people", "I2/X1: people in the country per aircraft (aircrew and ground crew at forward bases)", "Assumption";
    CrewNaval = "crew_naval_unit", 150.0, [0.0, 1000.0], [60.0, 250.0], int, "people", "I2/X1: people per naval unit in Ukrainian waters", "Assumption (a frigate or a mine-countermeasures group)";

    // --- Response (A1), credibility (K1), escalation (E1) ------------------------
    AnswerSelfDefence = "answer_self_defence", 0.35, [0.0, 1.0], [0.25, 0.5], real, "probability", "A1: base chance of answering an attack under self_defence", "Seed 002 (the response dilemma); assumption";
    AnswerProtect = "answer_protect_mandate", 0.6, [0.0, 1.0], [0.5, 0.7], real, "probability", "A1: base chance of answering under protect_mandate", "Assumption";
    AnswerRobust = "answer_robust", 0.85, [0.0, 1.0], [0.75, 0.95], real, "probability", "A1: base chance of answering under robust", "Assumption";
    CaveatEffect = "caveat_effect", 0.6, [0.0, 1.0], [0.4, 0.8], real, "share", "A1/O1: answer and fight chances fall by caveat_effect x caveat_share", "Seed 004 (national caveats)";
    BackstopAnswerBonus = "backstop_answer_bonus", 0.15, [0.0, 1.0], [0.05, 0.25], real, "probability", "A1: added answer chance once the backstop has shown it delivers", "Assumption";
    InKindShare = "in_kind_share_robust", 0.5, [0.0, 1.0], [0.3, 0.7], real, "share", "A1: share of robust answers that are in kind (strikes on Russian assets)", "Seed 002 (hit back in kind)";
    CredibilityGain = "credibility_gain", 0.1, [0.0, 1.0], [0.05, 0.2], real, "fraction of the gap", "K1: credibility gain after an answer", "Assumption";
    CredibilityLoss = "credibility_loss", 0.15, [0.0, 1.0], [0.1, 0.25], real, "fraction", "K1: credibility loss after an unanswered attack", "Seed 002 (the mission loses meaning)";
    BackstopFailureLoss = "backstop_failure_loss", 0.3, [0.0, 1.0], [0.15, 0.45], real, "fraction", "K1: credibility loss when the backstop fails to deliver", "Assumption";
    EscalationInKind = "escalation_in_kind", 0.12, [0.0, 1.0], [0.06, 0.25], real, "probability", "E1: chance that an in-kind answer moves the ladder up one rung (at risk appetite 0.5)", "Seed 002 (sending states embroiled in the war)";
    EscalationProportionate = "escalation_proportionate", 0.01, [0.0, 0.5], [0.005, 0.03], real, "probability", "E1: chance that a proportionate answer moves the ladder up (inadvertent escalation)", "Case histories (Khasham 2018 and drones over Poland 2025 stayed contained)";
    EscalationRiskGain = "escalation_risk_gain", 1.5, [0.0, 2.0], [1.0, 2.0], real, "per unit risk appetite", "E1/E2/G1: escalation chances x max(0, 1 + gain x (r - 0.5))", "Assumption";
    BackstopEscalationDamping = "backstop_escalation_damping", 0.5, [0.0, 1.0], [0.25, 0.75], real, "share", "E1: a delivered backstop cuts the chance that an answer moves the ladder up, below rung 3, by this share", "Assumption (escalation dominance)";
    CalmMonths = "calm_months_to_deescalate", 3.0, [1.0, 12.0], [2.0, 6.0], int, "months", "E1: quiet months after which the ladder steps down one rung", "Assumption";

    // --- Escalation Russia chooses (E2) and the backstop's two faces ------------
    RussianEscRestraint = "russian_escalation_restraint", 0.0, [0.0, 0.5], [0.0, 0.01], real, "per month at rung 2+", "E2: monthly chance of a deliberate escalation under restraint", "Assumption";
    RussianEscProbe = "russian_escalation_probe", 0.02, [0.0, 0.5], [0.01, 0.04], real, "per month at rung 2+", "E2: monthly chance of a deliberate escalation under probe", "Assumption; drones over Poland, Sept 2025 (the grey-zone precedent)";
    RussianEscCoercive = "russian_escalation_coercive_strikes", 0.08, [0.0, 0.5], [0.04, 0.15], real, "per month at rung 2+", "E2: monthly chance of a deliberate escalation under coercive_strikes", "Assumption; seed 001 (strikes on cities and infrastructure)";
    RussianEscTest = "russian_escalation_test_resolve", 0.04, [0.0, 0.5], [0.02, 0.08], real, "per month at rung 2+", "E2: monthly chance of a deliberate escalation under test_resolve (before adaptation)", "Assumption; seed 002 (the force attacked, then what?)";
    RussianEscReinvade = "russian_escalation_reinvade", 0.04, [0.0, 0.5], [0.02, 0.08], real, "per month at rung 2+", "E2: monthly chance of a deliberate escalation under reinvade", "Assumption";
    EscShareCampaign = "escalation_share_campaign", 0.5, [0.0, 1.0], [0.35, 0.65], real, "share", "E2: share of deliberate escalations that are a campaign against the force", "Assumption";
    EscShareAirDefence = "escalation_share_air_defence_sites", 0.3, [0.0, 1.0], [0.15, 0.35], real, "share", "E2: share that are strikes on coalition air-defence sites and air bases (the rest: hubs outside Ukraine)", "Assumption; seed 004 (bases can be targeted)";
    EscSiteSalvoMult = "escalation_site_salvo_mult", 2.0, [1.0, 10.0], [1.5, 3.0], real, "x salvo", "E2: salvo multiplier of a strike on air-defence sites and air bases", "Assumption";
    HubWiderWar = "hub_wider_war", 0.15, [0.0, 1.0], [0.05, 0.3], real, "probability", "E2: chance that a strike on staging and logistics hubs outside Ukraine becomes a wider war (before entanglement)", "Drones over Poland, Sept 2025: grey-zone spill-over stayed contained; a deliberate strike on NATO soil is another order";
    EscProvocation = "escalation_provocation", 1.0, [0.0, 4.0], [0.5, 2.0], real, "x", "E2: deliberate escalation x (1 + provocation) in the month after the force answered in kind", "Seed 002 (the response dilemma); assumption";
    BackstopRestraint = "backstop_restraint", 0.6, [0.0, 1.0], [0.3, 0.9], real, "per unit backstop weight", "E2: deliberate escalation x (1 - restraint x b), b the perceived backstop weight (the deterrent face)", "Seeds 001, 003, 004 (the backstop as deterrent); size assumed";
    Entanglement = "entanglement", 1.0, [0.0, 4.0], [0.25, 2.0], real, "per unit backstop weight", "E1/E2/G1: every step into rung 4 x (1 + entanglement x w) once the backstop has delivered (w its weight: U.S. assets in the clash)", "Assumption (the entangling face of a U.S. backstop)";

    // --- The offensive meets the force (O1) and the engaged war (G1) ---------
    FightSelfDefence = "fight_self_defence", 0.05, [0.0, 1.0], [0.0, 0.15], real, "probability", "O1: base chance of fighting an offensive under self_defence", "Seed 004 (a reassurance mission, not a combat deployment)";
    FightProtect = "fight_protect_mandate", 0.25, [0.0, 1.0], [0.1, 0.4], real, "probability", "O1: base chance of fighting under protect_mandate", "Assumption";
    FightRobust = "fight_robust", 0.6, [0.0, 1.0], [0.4, 0.65], real, "probability", "O1: base chance of fighting under robust", "Seed 003 (robust rules of engagement); assumption";
    DefendSelfDefence = "defend_self_defence", 0.5, [0.0, 1.0], [0.3, 0.7], real, "probability", "O1: base chance of defending where it stands under self_defence", "Assumption";
    DefendProtect = "defend_protect_mandate", 0.5, [0.0, 1.0], [0.3, 0.6], real, "probability", "O1: base chance of defending where it stands under protect_mandate", "Assumption";
    DefendRobust = "defend_robust", 0.3, [0.0, 1.0], [0.2, 0.35], real, "probability", "O1: base chance of defending where it stands under robust (most of the rest fight)", "Assumption";
    FightBackstopGain = "fight_backstop_gain", 0.2, [0.0, 1.0], [0.0, 0.4], real, "per unit backstop weight", "O1: added chance of fighting per unit of the backstop level's weight", "Seeds 001, 004 (contributors count on a U.S. backstop)";
    StandAsideLoss = "stand_aside_loss", 1.0, [0.0, 20.0], [0.2, 1.5], real, "deaths per 1,000 people", "O1: mean first-days losses of a force that stands aside (times the zone's exposure)", "Assumption (evacuation or barracks under an offensive's opening strikes: the strike on the Yavoriv training base, 13 March 2022, killed about 35); 1.0 since model v3's second round, with combat_deaths 3, keeps the default's casualty rate above the reality check's floor of 0.05 per 1,000 troop-years once monitoring lowers relapse (0.038 at 0.5 and 2)";
    StandAsideCredibility = "stand_aside_credibility_loss", 0.5, [0.0, 1.0], [0.3, 0.7], real, "fraction", "O1: credibility lost when the force stands aside", "Seed 002 (the mission loses its meaning)";
    CombatDeaths = "combat_deaths", 3.0, [0.0, 20.0], [0.5, 4.0], real, "deaths per 1,000 people a month", "G1: mean hostile deaths of a force fighting an offensive (times the zone's exposure)", "Assumption between the UK in Helmand (about 108 dead among ~9,000, 2009: ~1 per 1,000 a month) and high-intensity war against Russia's army; 3 since model v3's second round (2 since v3, 1.5 before): monitoring's relapse cut makes fights rarer and quiet troop-years more, and the default's casualty rate fell below the reality check's floor of 0.05 per 1,000 troop-years (0.038); with stand_aside_loss 1.0 it is 0.052";
    CombatDispersion = "combat_dispersion", 2.0, [0.1, 50.0], [1.0, 5.0], real, "negative-binomial size r", "G1: over-dispersion of a month's combat deaths", "Assumption";
    EngagedWiderWar = "engaged_wider_war", 0.04, [0.0, 0.3], [0.015, 0.08], real, "per month", "G1: monthly chance that a war with the force engaged becomes a wider war (at risk appetite 0.5, before entanglement)", "Assumption; seed 002 (governments drawn into the war)";
    WarWillShock = "war_will_shock", 0.05, [0.0, 0.5], [0.02, 0.1], real, "will per tolerance", "G1: will lost by every tier per month of combat: shock x deaths/tolerance (spread, not convex)", "Assumption";

    // --- Political will (P1) and withdrawal (P2) ---------------------------------
    ToleranceLead = "tolerance_lead", 120.0, [5.0, 2000.0], [60.0, 240.0], real, "deaths in one incident", "P1: median tolerance of the lead tier (drawn per run, lognormal)", "Case record: Beirut 1983 (241 U.S. dead; out within months); the lead nations carry the mission";
    ToleranceGround = "tolerance_ground", 12.0, [1.0, 500.0], [6.0, 24.0], real, "deaths in one incident", "P1: median tolerance of the other-ground-contributors tier (small contributors)", "Case record: Belgium in Rwanda 1994 (10 dead; out within a week)";
    ToleranceEnablers = "tolerance_enablers", 18.0, [1.0, 500.0], [9.0, 36.0], real, "deaths in one incident", "P1: median tolerance of the enablers tier (medium contributors)", "Case record: U.S. in Somalia 1993 (18 dead; out in six months)";
    ToleranceSigma = "tolerance_sigma", 0.8, [0.0, 2.0], [0.4, 1.2], real, "log-sd", "P1: spread of each tier's tolerance around its median (lognormal, drawn per run)", "The case record spans 10 to 241 deaths in one incident";
    WillShock = "will_shock", 0.5, [0.0, 1.5], [0.3, 0.8], real, "will", "P1: will lost to an incident at the tolerance's scale: shock x (deaths/tolerance)^convexity", "Assumption";
    WillConvexity = "will_convexity", 2.0, [1.0, 3.0], [1.5, 2.5], real, "exponent", "P1: convexity of the shock (> 1: one deadly incident weighs more than the same deaths spread thin)", "Case histories; assumption";
    InitialWill = "initial_will", 0.7, [0.5, 1.0], [0.6, 0.8], real, "0-1", "P1: each tier's will on arrival (lukewarm publics: a reassurance mission, not a war of necessity)", "Assumption; seed 003 (leaders unwilling to level with their populations about the price)";
    WillErosion = "will_erosion_unanswered", 0.08, [0.0, 0.3], [0.04, 0.12], real, "will", "P1: will lost by every tier after an unanswered attack (visible failure)", "Seed 002 (troops demoralised)";
    WillRecovery = "will_recovery", 0.02, [0.0, 0.2], [0.01, 0.04], real, "fraction of the gap", "P1: will regained in a month without a strike on the force", "Assumption";
    RenewalBar = "renewal_bar", 0.5, [0.2, 0.95], [0.4, 0.6], real, "0-1", "P1: will at which a tier's parliament is as likely to end the mandate as to renew it", "Seed 004 (annual parliamentary votes in Germany and Italy)";
    VoteSpread = "vote_spread", 0.22, [0.05, 0.5], [0.15, 0.35], real, "will", "P1: half-width of a vote's ramp: a tier leaves with probability clamp(0.5 + (renewal_bar - will)/(2 x spread), 0, 1)", "Assumption (votes are uncertain near the bar, certain far from it; no cliff), calibrated between two bounds: at 0.25 parliaments left in peacetime (54% of sea-and-air's withdrawals and 50% of the 26-nation force's came with no lethal incident in the year before; the record bounds that share at 40%), at 0.2 a 0.05 step of renewal_bar moves withdrawals by more than property 13's 10 points; at 0.22 the share is 31-38% for every library option with ground troops under test_resolve";
    MandatePeriod = "mandate_period_months", 12.0, [3.0, 36.0], [6.0, 24.0], int, "months", "P1: mandates come up for renewal every this many mission months", "Seed 004 (annual sign-off)";
    ElectionFirstLead = "election_first_lead", 4.0, [0.0, 600.0], [1.0, 30.0], int, "calendar month", "P1e: the lead nations' first election, in months from the scenario's start (0: none)", "National calendars with the start taken as January 2027: France's presidential election, April 2027 (the UK's general election is due by August 2029, month 32)";
    ElectionEveryLead = "election_every_lead", 30.0, [0.0, 120.0], [24.0, 36.0], int, "months", "P1e: months between the lead nations' elections after the first (0: only the first)", "National calendars: France (5-year terms) and the UK (at most 5 years) alternate about every 2.5 years";
    ElectionFirstGround = "election_first_ground", 3.0, [0.0, 600.0], [1.0, 48.0], int, "calendar month", "P1e: the other ground contributors' first election (their largest contributor's), in months from the start (0: none)", "National calendars: Estonia's parliamentary election, March 2027";
    ElectionEveryGround = "election_every_ground", 48.0, [0.0, 120.0], [36.0, 60.0], int, "months", "P1e: months between the other ground contributors' elections (0: only the first)", "National calendars (4-year parliaments)";
    ElectionFirstEnablers = "election_first_enablers", 9.0, [0.0, 600.0], [1.0, 48.0], int, "calendar month", "P1e: the enablers' first election (their largest contributor's), in months from the start (0: none)", "National calendars: Italy's general election, due by late 2027";
    ElectionEveryEnablers = "election_every_enablers", 48.0, [0.0, 120.0], [36.0, 60.0], int, "months", "P1e: months between the enablers' elections (0: only the first)", "National calendars (4- and 5-year parliaments)";
    ElectionTurnover = "election_turnover", 0.4, [0.0, 1.0], [0.25, 0.6], real, "probability", "P1e: the chance that an election changes the government", "Judgement from the European record 2015-25: governing parties lost office in somewhat under half of national elections";
    NewGovernmentExit = "new_government_exit", 0.03, [0.0, 1.0], [0.0, 0.15], real, "probability at will = renewal_bar", "P1e: the chance that a new government ends its tier's participation, at will equal to renewal_bar; the chance at an election is turnover x exit x (1 - will)/(1 - renewal_bar), within [0, 1]", "Judgement, bounded by the record: Spain 2004 (Iraq, after an election), Italy 2006 and Poland 2007 (Iraq, new governments) left missions with deaths, unpopular at home, while many changes of government kept quiet deployments (KFOR, the Baltic enhanced forward presence); calibrated to that bound: at 0.03 withdrawals with no lethal incident in the year before are about 31% of the coalition baseline's withdrawals under test_resolve (38% at 0.05, 52% at 0.1), within the record's at most 40%; 0 is plausible for a mission at peace";
    PoolLead = "pool_lead", 150_000.0, [1_000.0, 2_000_000.0], [100_000.0, 200_000.0], real, "people", "F1: the lead tier's deployable pool: the people its nations can commit, with rotation, to the mission", "Sourced: the regular British Army's trained strength (about 73,000, UK MoD quarterly personnel statistics 2025) and the French army's operational land force (Force operationnelle terrestre, about 77,000); the plausible range allows for air and naval people and for what other commitments hold back";
    PoolGround = "pool_ground", 100_000.0, [1_000.0, 2_000_000.0], [50_000.0, 200_000.0], real, "people", "F1: the other ground contributors' deployable pool", "Judgement from national force sizes: the next armies of the coalition that offered ground troops (the Nordic, Baltic and Benelux states, each 5,000-25,000 deployable land forces) together";
    PoolEnablers = "pool_enablers", 40_000.0, [1_000.0, 2_000_000.0], [20_000.0, 80_000.0], real, "people", "F1: the enablers' deployable pool (air and naval crews of the states that send no ground troops)", "Judgement from national force sizes: the air and naval people of the medium contributors (Italy, Germany, Poland: air forces of 25,000-40,000 each) that a mission abroad can draw on";
    StrainThreshold = "strain_threshold", 0.3, [0.0, 2.0], [0.2, 0.5], real, "share of the pool", "F1: the share of its pool a tier can commit (rotation included) without strain", "Sourced in kind: the UK's planning assumptions sized one enduring brigade-level operation (about 6,500 deployed, about 20,000 with rotation) against an army of 80,000-100,000, a quarter to a third of it; the size is judgement";
    StrainWillCut = "strain_will_cut", 1.0, [0.0, 5.0], [0.0, 2.0], real, "will per unit of strain", "F1: lowers the will a tier recovers toward, 1 - cut x max(0, committed/pool - strain_threshold), at least 0 (0 switches force generation off)", "Judgement: forces that commit most of their army to one mission wear out their publics and their units (UK in Iraq and Afghanistan 2006-09, the Dutch in Uruzgan 2010); 0 is plausible (governments absorb the strain)";
    ViableShare = "viable_share", 0.6, [0.1, 0.9], [0.5, 0.7], real, "share of initial combat power", "P2: below this remaining share the force withdraws", "Assumption";
    LeadNations = "lead_nations", 2.0, [1.0, 10.0], [2.0, 3.0], int, "states", "P1: ground contributors that form the lead tier", "Seeds 000, 004 (UK and France lead)";
    LeadTroopShare = "lead_troop_share", 0.6, [0.1, 1.0], [0.5, 0.8], real, "share", "P1: share of the troops and trainers from the lead tier when other ground contributors exist", "Assumption";

    // --- Cost (X1, X2) ----------------------------------------------------------------
    PressureCostYear = "pressure_cost_year", 30.0, [0.0, 500.0], [10.0, 60.0], real, "EUR bn per year at pressure 1",
        "X2: what pressure costs Europe a year, x pressure, over the whole horizon, in every run",
        "Judgement, scaled on the record: the EU's exports to Russia were about EUR 89 bn in 2021 (Eurostat) and fell by more than half under sanctions, with energy prices on top; full pressure (1) about a third of that pre-war trade a year";
    AidCostYear = "aid_cost_year", 25.0, [0.0, 500.0], [10.0, 50.0], real, "EUR bn per year at aid 1",
        "X2: what military aid beyond the 2025 level costs Europe a year, x aid, over the whole horizon, in every run",
        "Judgement, scaled on the Kiel Institute's Ukraine Support Tracker: European military aid of the order of EUR 20-40 bn a year in 2024-25; aid 1 adds about as much again";

    CostTroopYear = "cost_troop_year", 0.2, [0.0, 5.0], [0.15, 0.25], real, "EUR m per troop-year", "X1: marginal cost of a deployed troop-year without fighting (what deploying adds to keeping the troops at home)", "Sourced: German KFOR and Lithuania brigade budgets, EUR 150-250k a soldier a year over home costs";
    CostTroopYearCombat = "cost_troop_year_combat", 0.75, [0.0, 5.0], [0.5, 1.0], real, "EUR m per troop-year", "X1: marginal cost of a troop-year in combat (war, engaged, or rung 3+)", "Sourced: French OPEX budgets (the surcoût of external operations), EUR 0.5-1m a soldier a year";
    CostAirDefenceYear = "cost_air_defence_unit_year", 30.0, [0.0, 1000.0], [15.0, 60.0], real, "EUR m per unit-year", "X1: operating cost of an air-defence unit", "Assumption";
    CostAircraftYear = "cost_aircraft_year", 10.0, [0.0, 1000.0], [5.0, 20.0], real, "EUR m per aircraft-year", "X1: operating cost of an aircraft on the mission", "Assumption (~EUR 20-40k per flight hour)";
    CostNavalYear = "cost_naval_unit_year", 60.0, [0.0, 1000.0], [30.0, 120.0], real, "EUR m per unit-year", "X1: operating cost of a naval unit", "Assumption";
    CostInterceptor = "cost_interceptor", 0.5, [0.0, 10.0], [0.2, 1.5], real, "EUR m per interceptor", "X1: cost of an interceptor fired by the coalition or U.S. layers", "Assumption (IRIS-T ~0.4m to Patriot ~3-4m, drones cheaper)";
    RotationMultiplier = "rotation_multiplier", 3.0, [1.0, 6.0], [3.0, 4.0], real, "x", "X1/F1: personnel committed per person deployed, troops, trainers and crews (rule of thirds)", "Force-generation practice: 3-4x (UK 64k ~ 256k over two years)";
}

pub const N_COEFS: usize = COEFS.len();

/// Pairs that must be ordered in every run: the first at most the second
/// (validated across fields; the plausible ranges respect them too).
pub const ORDERED: [(Coef, Coef); 4] = [
    (Coef::WarDronesMin, Coef::WarDronesMax),
    (Coef::WarMissilesMin, Coef::WarMissilesMax),
    (Coef::ReinvadeMonthMin, Coef::ReinvadeMonthMode),
    (Coef::ReinvadeMonthMode, Coef::ReinvadeMonthMax),
];

/// Pairs of shares of one whole that must sum to at most 1 in every run,
/// with what the rest of the whole is.
pub const SHARES: [(Coef, Coef, &str); 4] = [
    (
        Coef::EscShareCampaign,
        Coef::EscShareAirDefence,
        "strikes on hubs outside Ukraine",
    ),
    (
        Coef::FightSelfDefence,
        Coef::DefendSelfDefence,
        "standing aside",
    ),
    (Coef::FightProtect, Coef::DefendProtect, "standing aside"),
    (Coef::FightRobust, Coef::DefendRobust, "standing aside"),
];

impl Coef {
    pub fn spec(self) -> &'static CoefSpec {
        &COEFS[self as usize]
    }

    pub fn find(name: &str) -> Option<Coef> {
        Coef::ALL.iter().copied().find(|c| c.spec().name == name)
    }
}

/// One value per coefficient.
#[derive(Clone, Debug)]
pub struct Coefs(pub [f64; N_COEFS]);

impl Default for Coefs {
    fn default() -> Self {
        let mut v = [0.0; N_COEFS];
        for (i, c) in COEFS.iter().enumerate() {
            v[i] = c.default;
        }
        Coefs(v)
    }
}

impl core::ops::Index<Coef> for Coefs {
    type Output = f64;
    #[inline(always)]
    fn index(&self, c: Coef) -> &f64 {
        &self.0[c as usize]
    }
}

impl core::ops::IndexMut<Coef> for Coefs {
    #[inline(always)]
    fn index_mut(&mut self, c: Coef) -> &mut f64 {
        &mut self.0[c as usize]
    }
}

/// The coefficient table of `docs/model.md`, generated from the registry.
pub fn markdown_table() -> String {
    use crate::scenario::spec::fmt_num;
    let mut s = String::from(
        "| name | default | plausible | hard range | unit | equation and role | source |\n|---|---|---|---|---|---|---|\n",
    );
    for c in COEFS {
        let whole = if c.integer { ", whole" } else { "" };
        s.push_str(&format!(
            "| `{}` | {} | {} – {} | {} – {}{} | {} | {} | {} |\n",
            c.name,
            fmt_num(c.default),
            fmt_num(c.plausible.0),
            fmt_num(c.plausible.1),
            fmt_num(c.min),
            fmt_num(c.max),
            whole,
            c.unit,
            c.role,
            c.source
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole plausible box respects the cross-field rules, so a
    /// sensitivity analysis can draw every coefficient at once.
    #[test]
    fn plausible_ranges_respect_the_cross_field_rules() {
        for (a, b) in ORDERED {
            assert!(a.spec().plausible.1 <= b.spec().plausible.0, "{a:?} {b:?}");
            assert!(a.spec().default <= b.spec().default);
        }
        for (a, b, _) in SHARES {
            assert!(
                a.spec().plausible.1 + b.spec().plausible.1 <= 1.0 + 1e-12,
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn registry_is_consistent() {
        let mut names = std::collections::HashSet::new();
        for (i, c) in Coef::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
            let s = c.spec();
            assert!(names.insert(s.name), "duplicate name {}", s.name);
            let (lo, hi) = s.plausible;
            assert!(
                s.min <= lo && lo <= s.default && s.default <= hi && hi <= s.max,
                "{}: want min <= plausible low <= default <= plausible high <= max",
                s.name
            );
            if s.integer {
                for v in [s.min, s.max, s.default, lo, hi] {
                    assert_eq!(v.fract(), 0.0, "{}: whole-number coefficient", s.name);
                }
            }
            assert!(
                s.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{}",
                s.name
            );
        }
    }
}
