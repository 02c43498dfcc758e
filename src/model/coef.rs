//! The registry of model coefficients: the one home of every number the model
//! uses that is not a scenario lever. Each has a name (the key a scenario's
//! `[assumptions]` table overrides it by), a default, an allowed range, a
//! unit, the equation it enters (see `docs/model.md`) and a source.
//!
//! `docs/model.md` carries a table generated from this registry; a test checks
//! that it is current, that every coefficient can be overridden and that each
//! one moves some output (no dead coefficients).

#[derive(Debug)]
pub struct CoefSpec {
    pub name: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    /// The equation (label in `docs/model.md`) and the role it plays there.
    pub role: &'static str,
    pub source: &'static str,
}

macro_rules! coefficients {
    ($( $variant:ident = $name:literal, $default:expr, [$min:expr, $max:expr], $unit:literal, $role:literal, $source:literal; )*) => {
        /// Index of a coefficient in [`COEFS`] and in a [`super::Coefs`] vector.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Coef { $($variant),* }

        pub const COEFS: &[CoefSpec] = &[
            $( CoefSpec { name: $name, default: $default, min: $min, max: $max, unit: $unit, role: $role, source: $source } ),*
        ];

        impl Coef {
            pub const ALL: &[Coef] = &[$(Coef::$variant),*];
        }
    };
}

coefficients! {
    // --- Ceasefire window (C1) and relapse (C3) -----------------------------
    PressureEffect = "pressure_effect", 2.0, [0.0, 10.0], "logit per unit pressure",
        "C1: beta_pressure, raises the log-odds of a ceasefire in the window",
        "Seed 001 (compel a ceasefire through pressure); size assumed: full pressure turns p0 = 0.3 into about 0.76";
    AnnouncementPenalty = "announcement_penalty", 0.3, [0.0, 5.0], "logit per ln(1 + troops/announcement_scale)",
        "C1: kappa, lowers the log-odds of a ceasefire as the announced ground force grows (0 switches it off)",
        "Seed 002 (a promised post-ceasefire force makes Moscow less willing to agree); size assumed";
    AnnouncementScale = "announcement_scale", 10_000.0, [1_000.0, 100_000.0], "troops",
        "C1: scale of the announced force in the penalty's logarithm",
        "Model brief (ln(1 + announced/10,000))";
    RelapseScale = "relapse_scale", 75.0, [6.0, 600.0], "months",
        "C3: Weibull scale lambda of the relapse hazard",
        "Fortna, Peace Time (2004): about half of interstate ceasefires since 1945 relapsed; calibrated to 25-50% within 24 months with no force";
    RelapseShape = "relapse_shape", 0.6, [0.2, 1.5], "dimensionless",
        "C3: Weibull shape k (< 1: the hazard falls with time since the ceasefire)",
        "Seed 003 (the first thirty days are the most dangerous); Fortna 2004";

    // --- Russian propensities by policy (R1), monthly at risk appetite 0.5 --
    ProbeRestraint = "probe_rate_restraint", 0.05, [0.0, 1.0], "per month", "R1: grey-zone probe propensity under restraint", "Assumption; OSCE SMM reports (violations continue under ceasefires)";
    ProbeProbe = "probe_rate_probe", 0.35, [0.0, 1.0], "per month", "R1: grey-zone probe propensity under probe", "Assumption; seed 002 (drone incursions into NATO territory)";
    ProbeCoercive = "probe_rate_coercive_strikes", 0.25, [0.0, 1.0], "per month", "R1: probe propensity under coercive_strikes", "Assumption";
    ProbeTest = "probe_rate_test_resolve", 0.30, [0.0, 1.0], "per month", "R1: probe propensity under test_resolve", "Assumption";
    ProbeReinvade = "probe_rate_reinvade", 0.30, [0.0, 1.0], "per month", "R1: probe propensity under reinvade (before the build-up)", "Assumption";
    ForceStrikeRestraint = "force_strike_rate_restraint", 0.002, [0.0, 1.0], "per month", "R1: strike-on-the-force propensity under restraint (rogue or mistaken strikes)", "Assumption; Seet & Burnham 2000 (quiet missions)";
    ForceStrikeProbe = "force_strike_rate_probe", 0.015, [0.0, 1.0], "per month", "R1: strike-on-the-force propensity under probe", "Assumption";
    ForceStrikeCoercive = "force_strike_rate_coercive_strikes", 0.04, [0.0, 1.0], "per month", "R1: strike-on-the-force propensity under coercive_strikes", "Assumption; seed 004 (bases far from the front can still be hit)";
    ForceStrikeTest = "force_strike_rate_test_resolve", 0.04, [0.0, 1.0], "per month", "R1: strike-on-the-force propensity under test_resolve (before adaptation)", "Assumption; seed 002 (the force attacked by missiles and drones)";
    ForceStrikeReinvade = "force_strike_rate_reinvade", 0.04, [0.0, 1.0], "per month", "R1: strike-on-the-force propensity under reinvade", "Assumption";
    CityStrikeRestraint = "city_strike_rate_restraint", 0.002, [0.0, 1.0], "per month", "R1: strike-on-cities propensity under restraint (ceasefire months)", "Assumption";
    CityStrikeProbe = "city_strike_rate_probe", 0.02, [0.0, 1.0], "per month", "R1: strike-on-cities propensity under probe", "Assumption";
    CityStrikeCoercive = "city_strike_rate_coercive_strikes", 0.12, [0.0, 1.0], "per month", "R1: strike-on-cities propensity under coercive_strikes", "Seed 001 (missile and drone strikes on cities and infrastructure)";
    CityStrikeTest = "city_strike_rate_test_resolve", 0.04, [0.0, 1.0], "per month", "R1: strike-on-cities propensity under test_resolve", "Assumption";
    CityStrikeReinvade = "city_strike_rate_reinvade", 0.04, [0.0, 1.0], "per month", "R1: strike-on-cities propensity under reinvade", "Assumption";
    OffensiveRestraint = "offensive_weight_restraint", 0.2, [0.0, 3.0], "x relapse hazard", "R1/C3: multiplier of the relapse (offensive) hazard under restraint", "Assumption";
    OffensiveProbe = "offensive_weight_probe", 0.5, [0.0, 3.0], "x relapse hazard", "R1/C3: multiplier of the relapse hazard under probe", "Assumption";
    OffensiveCoercive = "offensive_weight_coercive_strikes", 0.7, [0.0, 3.0], "x relapse hazard", "R1/C3: multiplier of the relapse hazard under coercive_strikes", "Assumption";
    OffensiveTest = "offensive_weight_test_resolve", 1.0, [0.0, 3.0], "x relapse hazard", "R1/C3: multiplier of the relapse hazard under test_resolve (the reference policy)", "Fortna 2004 (calibration reference)";
    OffensiveReinvade = "offensive_weight_reinvade", 1.0, [0.0, 3.0], "x relapse hazard", "R1/C3: multiplier of the relapse hazard under reinvade, besides the planned offensive", "Assumption";
    RiskElasticity = "risk_elasticity", 1.0, [0.0, 4.0], "exponent",
        "R1: g(r) = (2r)^risk_elasticity scales every hostile propensity by risk appetite r",
        "Assumption (0 makes risk appetite irrelevant; g(0.5) = 1 by construction)";
    ResolveUnansweredGain = "resolve_unanswered_gain", 0.35, [0.0, 2.0], "fraction",
        "R2: test_resolve multiplies its hostile propensities by (1 + gain) after an unanswered attack",
        "Seed 002 (without an answer the mission loses credibility); size assumed";
    ResolveAnsweredCut = "resolve_answered_cut", 0.25, [0.0, 0.95], "fraction",
        "R2: test_resolve multiplies its hostile propensities by (1 - cut) after a firm answer",
        "Assumption";
    ResolveCap = "resolve_cap", 4.0, [1.0, 20.0], "x",
        "R2: the adaptation multiplier stays within [1/cap, cap]",
        "Assumption";
    ReinvadeMonthMin = "reinvade_month_min", 6.0, [1.0, 60.0], "months after the ceasefire", "R3: triangular(min, mode, max) month of the planned offensive", "Model brief (triangular(6, 12, 20))";
    ReinvadeMonthMode = "reinvade_month_mode", 12.0, [1.0, 60.0], "months after the ceasefire", "R3: mode of the planned offensive month", "Model brief";
    ReinvadeMonthMax = "reinvade_month_max", 20.0, [1.0, 60.0], "months after the ceasefire", "R3: latest planned offensive month", "Model brief";
    BuildupProbeMult = "buildup_probe_mult", 3.5, [1.0, 10.0], "x", "R3: probe propensity multiplier during the build-up", "OSCE SMM: violations jumped 3-4x before the 2022 invasion";
    BuildupMonths = "buildup_months", 2.0, [0.0, 12.0], "months", "R3: length of the build-up before the planned offensive", "OSCE SMM (weeks to months of rising violations before Feb 2022)";
    ClashStrikeMult = "clash_strike_mult", 2.0, [1.0, 10.0], "x", "R1: strike-on-the-force propensity multiplier at rung 3 (sustained clashes)", "Assumption";

    // --- Zone: exposure (R1), deterrence weight (D1), cover of cities (I1) --
    ExposureRear = "exposure_rear", 0.6, [0.0, 3.0], "x", "R1: strike-on-the-force propensity multiplier in the rear", "Seed 004 (bases far from the front can still be targeted)";
    ExposureCities = "exposure_cities", 0.8, [0.0, 3.0], "x", "R1: exposure multiplier in cities", "Assumption";
    ExposureBorder = "exposure_border", 1.0, [0.0, 3.0], "x", "R1: exposure multiplier at the border (reference)", "Assumption";
    ExposureContactLine = "exposure_contact_line", 1.5, [0.0, 3.0], "x", "R1: exposure multiplier on the contact line", "Seed 004 (steering clear of frontline duty)";
    ZoneWeightRear = "zone_weight_rear", 0.7, [0.0, 2.0], "x", "D1: deterrence weight of combat power and tripwire in the rear", "Seed 001 (a rear-area force cannot meaningfully deter)";
    ZoneWeightCities = "zone_weight_cities", 0.85, [0.0, 2.0], "x", "D1: deterrence weight in cities", "Assumption";
    ZoneWeightBorder = "zone_weight_border", 1.0, [0.0, 2.0], "x", "D1: deterrence weight at the border (reference)", "Assumption";
    ZoneWeightContactLine = "zone_weight_contact_line", 1.2, [0.0, 2.0], "x", "D1: deterrence weight on the contact line (tripwire)", "Reiter & Poast 2021 (tripwires); assumption";
    CityCoverRear = "city_cover_rear", 0.5, [0.0, 1.0], "share", "I1: share of the force's air-defence units that cover cities when deployed in the rear", "Seed 002 (western and central Ukraine lie in the rear)";
    CityCoverCities = "city_cover_cities", 1.0, [0.0, 1.0], "share", "I1: share covering cities when deployed in cities", "Seed 004 (air defences to shield cities and grids)";
    CityCoverBorder = "city_cover_border", 0.2, [0.0, 1.0], "share", "I1: share covering cities when deployed on the border", "Assumption";
    CityCoverContactLine = "city_cover_contact_line", 0.1, [0.0, 1.0], "share", "I1: share covering cities when deployed on the contact line", "Assumption";

    // --- Perceived deterrence (D1) ---------------------------------------------
    TroopWeight = "troop_weight", 1.0, [0.0, 5.0], "per ln-unit", "D1: weight of ln(1 + troops/troop_scale) in combat power", "Reiter & Poast 2021; Shlapak & Johnson, RAND 2016 (local balance decides)";
    TroopScale = "troop_scale", 10_000.0, [1_000.0, 100_000.0], "troops", "D1: troops at which the diminishing-returns curve bends (one brigade)", "IISS 2025 (a brigade of ~10,000 is symbolic)";
    TrainerWeight = "trainer_weight", 0.25, [0.0, 1.0], "troop-equivalents per trainer", "D1: trainers' contribution to the troop term", "Assumption";
    AirDefenceWeight = "air_defence_weight", 0.05, [0.0, 1.0], "per battery", "D1: combat power per air-defence unit", "Assumption";
    AircraftWeight = "aircraft_weight", 0.004, [0.0, 0.1], "per aircraft", "D1: combat power per aircraft (120 aircraft ~ 0.5, like ~6,500 troops)", "Assumption; SkyShield proposal (~120 fighters)";
    NavalWeight = "naval_weight", 0.02, [0.0, 1.0], "per unit", "D1: combat power per naval unit", "Assumption";
    TripwireWeight = "tripwire_weight", 0.08, [0.0, 1.0], "per ln(1 + nations)", "D1: tripwire signal of the flags on the ground (kept below combat power)", "Reiter & Poast 2021 (tripwires rarely stop a fait accompli)";
    PostureSelfDefence = "posture_credibility_self_defence", 0.6, [0.0, 1.0], "x", "D1: credibility multiplier of the self_defence posture", "Seed 002 (the response dilemma)";
    PostureProtect = "posture_credibility_protect_mandate", 0.8, [0.0, 1.0], "x", "D1: credibility multiplier of protect_mandate", "Assumption";
    PostureRobust = "posture_credibility_robust", 1.0, [0.0, 1.0], "x", "D1: credibility multiplier of robust", "Seed 003 (robust rules of engagement send the signal)";
    BackstopDeterrence = "backstop_deterrence_weight", 1.0, [0.0, 5.0], "per unit backstop weight", "D1: deterrence score added per unit of perceived U.S. backstop weight", "Seeds 001, 003, 004 (contributors want a U.S. backstop); size assumed";
    InitialCredibility = "initial_credibility", 0.7, [0.0, 1.0], "0-1", "D1/K1: the force's credibility on arrival", "Assumption";
    BackstopPolitical = "backstop_weight_political", 0.1, [0.0, 1.0], "0-1", "B1: weight of a political backstop (also the floor under us_led monitoring)", "Model brief";
    BackstopIsr = "backstop_weight_isr_logistics", 0.25, [0.0, 1.0], "0-1", "B1: weight of an ISR-and-logistics backstop", "Model brief; seed 001 (enablers, ISR)";
    BackstopAir = "backstop_weight_air_support", 0.5, [0.0, 1.0], "0-1", "B1: weight of U.S. air support", "Model brief; seed 001 (Trump weighing air support)";
    BackstopFull = "backstop_weight_full_guarantee", 1.0, [0.0, 1.0], "0-1", "B1: weight of a full U.S. guarantee", "Model brief";

    // --- Monitoring (M1) -------------------------------------------------------
    MonitoringEuropean = "monitoring_european", 0.5, [0.0, 1.0], "0-1", "M1: attribution quality m of European monitoring (us_led = 1, none = 0)", "Model brief; seed 003 (European surveillance)";
    MonitoringProbeCut = "monitoring_probe_cut", 0.6, [0.0, 1.0], "share", "M1: probes fall by cut x m", "Seed 003 (proof of infractions hard to deny)";

    // --- Interception (I1) -------------------------------------------------------
    SalvoDrones = "salvo_drones", 24.0, [0.0, 1000.0], "drones", "I1: mean drones in a strike on the force's bases", "Assumption; UAF figures (typical night salvos)";
    SalvoMissiles = "salvo_missiles", 4.0, [0.0, 200.0], "missiles", "I1: mean missiles in a strike on the force's bases", "Assumption";
    CitySalvoDrones = "city_salvo_drones", 80.0, [0.0, 2000.0], "drones", "I1: mean drones in a coercive strike on cities during a ceasefire", "Assumption; UAF figures";
    CitySalvoMissiles = "city_salvo_missiles", 8.0, [0.0, 500.0], "missiles", "I1: mean missiles in a coercive strike on cities", "Assumption";
    UkraineKillDrone = "ukraine_kill_drone", 0.85, [0.0, 1.0], "probability", "I1: Ukraine's own air defence, per drone", "UAF figures 2024-25: drones 0.8-0.9";
    UkraineKillMissile = "ukraine_kill_missile", 0.45, [0.0, 1.0], "probability", "I1: Ukraine's own air defence, per missile (cruise and ballistic mix)", "UAF figures 2024-25: cruise 0.5-0.7, ballistic 0.06-0.4";
    AdKillDrone = "ad_kill_drone", 0.85, [0.0, 1.0], "probability", "I1: the force's air-defence layer, per drone engaged", "UAF figures (Western systems at the top of the range)";
    AdKillMissile = "ad_kill_missile", 0.6, [0.0, 1.0], "probability", "I1: the force's air-defence layer, per missile engaged", "UAF figures";
    AdCapacity = "ad_capacity", 12.0, [0.0, 200.0], "weapons per unit per strike", "I1: weapons one air-defence unit can engage in one strike (saturation)", "Assumption (launchers x ready interceptors)";
    AircraftKillDrone = "aircraft_kill_drone", 0.7, [0.0, 1.0], "probability", "I1: the aircraft layer, per drone engaged", "Assumption";
    AircraftKillMissile = "aircraft_kill_missile", 0.3, [0.0, 1.0], "probability", "I1: the aircraft layer, per missile engaged", "Assumption";
    AircraftCapacity = "aircraft_capacity", 0.5, [0.0, 10.0], "weapons per aircraft per strike", "I1: capacity of the aircraft layer", "Assumption (sortie readiness)";
    UsKillDrone = "us_kill_drone", 0.8, [0.0, 1.0], "probability", "I1: U.S. air support layer, per drone engaged", "Assumption";
    UsKillMissile = "us_kill_missile", 0.5, [0.0, 1.0], "probability", "I1: U.S. air support layer, per missile engaged", "Assumption";
    UsCapacityAir = "us_capacity_air_support", 40.0, [0.0, 1000.0], "weapons per strike", "I1: capacity of the U.S. layer under air_support", "Assumption";
    UsCapacityFull = "us_capacity_full_guarantee", 80.0, [0.0, 1000.0], "weapons per strike", "I1: capacity of the U.S. layer under full_guarantee", "Assumption";
    WarDronesMin = "war_drones_min", 2000.0, [0.0, 20_000.0], "drones per month", "W1: fewest drones launched at Ukraine in a war month", "UAF figures 2024-25: 2,000-6,500 drones a month";
    WarDronesMax = "war_drones_max", 6500.0, [0.0, 20_000.0], "drones per month", "W1: most drones in a war month", "UAF figures 2024-25";
    WarMissilesMin = "war_missiles_min", 60.0, [0.0, 2000.0], "missiles per month", "W1: fewest missiles in a war month", "UAF figures 2024-25: 60-350 missiles a month";
    WarMissilesMax = "war_missiles_max", 350.0, [0.0, 2000.0], "missiles per month", "W1: most missiles in a war month", "UAF figures 2024-25";
    WarSalvos = "war_salvos_per_month", 30.0, [1.0, 100.0], "strikes per month", "W1: strikes a war month is split into (each layer's capacity applies per strike)", "UAF figures (near-nightly attacks)";

    // --- Casualties and harm (I2) ------------------------------------------------
    DeathsPerDrone = "deaths_per_drone", 0.3, [0.0, 20.0], "deaths per leaker", "I2: mean deaths per drone that leaks onto a base", "Assumption (hardened, dispersed sites)";
    DeathsPerMissile = "deaths_per_missile", 1.5, [0.0, 100.0], "deaths per leaker", "I2: mean deaths per missile that leaks onto a base", "Assumption";
    CasualtyDispersion = "casualty_dispersion", 0.4, [0.01, 100.0], "negative-binomial size r", "I2: over-dispersion of deaths per incident (small r: rare mass-casualty incidents)", "Case histories (Beirut 1983: 241+58 in one incident)";
    HarmPerDrone = "harm_per_drone", 1.0, [0.0, 100.0], "index points", "I2: civilian-harm index per drone leaking onto a city", "Convention: one drone = 1";
    HarmPerMissile = "harm_per_missile", 4.0, [0.0, 100.0], "index points", "I2: civilian-harm index per missile leaking onto a city", "Assumption (larger warheads)";

    // --- Response (A1), credibility (K1), escalation (E1) ------------------------
    AnswerSelfDefence = "answer_self_defence", 0.35, [0.0, 1.0], "probability", "A1: base chance of answering an attack under self_defence", "Seed 002 (the response dilemma); assumption";
    AnswerProtect = "answer_protect_mandate", 0.6, [0.0, 1.0], "probability", "A1: base chance of answering under protect_mandate", "Assumption";
    AnswerRobust = "answer_robust", 0.85, [0.0, 1.0], "probability", "A1: base chance of answering under robust", "Assumption";
    CaveatEffect = "caveat_effect", 0.6, [0.0, 1.0], "share", "A1: answer chance falls by caveat_effect x caveat_share", "Seed 004 (national caveats)";
    BackstopAnswerBonus = "backstop_answer_bonus", 0.15, [0.0, 1.0], "probability", "A1: added answer chance once the backstop has shown it delivers", "Assumption";
    InKindShare = "in_kind_share_robust", 0.5, [0.0, 1.0], "share", "A1: share of robust answers that are in kind (strikes on Russian assets)", "Seed 002 (hit back in kind)";
    CredibilityGain = "credibility_gain", 0.1, [0.0, 1.0], "fraction of the gap", "K1: credibility gain after an answer", "Assumption";
    CredibilityLoss = "credibility_loss", 0.15, [0.0, 1.0], "fraction", "K1: credibility loss after an unanswered attack", "Seed 002 (the mission loses meaning)";
    BackstopFailureLoss = "backstop_failure_loss", 0.3, [0.0, 1.0], "fraction", "K1: credibility loss when the backstop fails to deliver", "Assumption";
    EscalationInKind = "escalation_in_kind", 0.12, [0.0, 1.0], "probability", "E1: chance that an in-kind answer moves the ladder up one rung (at risk appetite 0.5)", "Seed 002 (sending states embroiled in the war)";
    EscalationProportionate = "escalation_proportionate", 0.01, [0.0, 1.0], "probability", "E1: chance that a proportionate answer moves the ladder up (inadvertent escalation)", "Case histories (Khasham 2018 and drones over Poland 2025 stayed contained)";
    EscalationRiskGain = "escalation_risk_gain", 1.5, [0.0, 2.0], "per unit risk appetite", "E1: escalation chance x (1 + gain x (r - 0.5))", "Assumption";
    BackstopEscalationDamping = "backstop_escalation_damping", 0.5, [0.0, 1.0], "share", "E1: a delivered backstop cuts the escalation chance by this share", "Assumption (escalation dominance)";
    CalmMonths = "calm_months_to_deescalate", 3.0, [1.0, 24.0], "months", "E1: quiet months after which the ladder steps down one rung", "Assumption";

    // --- Political will (P1) and withdrawal (P2) ---------------------------------
    ThresholdLead = "will_threshold_lead", 241.0, [1.0, 5000.0], "deaths in one incident", "P1: an incident this deadly pulls the lead tier out", "Beirut 1983 (241 U.S. dead; out within months)";
    ThresholdGround = "will_threshold_ground", 10.0, [1.0, 5000.0], "deaths in one incident", "P1: threshold of the other-ground-contributors tier (small contributors)", "Belgium in Rwanda 1994 (10 dead; out within a week)";
    ThresholdEnablers = "will_threshold_enablers", 18.0, [1.0, 5000.0], "deaths in one incident", "P1: threshold of the enablers tier (medium contributors)", "U.S. in Somalia 1993 (18 dead; out in six months)";
    WillShock = "will_shock", 0.5, [0.0, 2.0], "will", "P1: will lost to an incident at the threshold's scale: shock x (deaths/threshold)^convexity", "Assumption";
    WillConvexity = "will_convexity", 2.0, [1.0, 4.0], "exponent", "P1: convexity of the shock (> 1: one deadly incident weighs more than the same deaths spread thin)", "Case histories; assumption";
    InitialWill = "initial_will", 0.8, [0.0, 1.0], "0-1", "P1: each tier's will on arrival", "Assumption";
    WillErosion = "will_erosion_unanswered", 0.08, [0.0, 1.0], "will", "P1: will lost by every tier after an unanswered attack (visible failure)", "Seed 002 (troops demoralised)";
    WillRecovery = "will_recovery", 0.02, [0.0, 1.0], "fraction of the gap", "P1: will regained in a quiet month", "Assumption";
    RenewalBar = "renewal_bar", 0.5, [0.0, 1.0], "0-1", "P1: a tier whose will is below this at a mandate renewal leaves", "Seed 004 (annual parliamentary votes in Germany and Italy)";
    MandatePeriod = "mandate_period_months", 12.0, [1.0, 60.0], "months", "P1: mandates come up for renewal every this many mission months", "Seed 004 (annual sign-off)";
    ViableShare = "viable_share", 0.6, [0.0, 1.0], "share of initial combat power", "P2: below this remaining share the force withdraws", "Assumption";
    LeadNations = "lead_nations", 2.0, [1.0, 10.0], "states", "P1: ground contributors that form the lead tier", "Seeds 000, 004 (UK and France lead)";
    LeadTroopShare = "lead_troop_share", 0.6, [0.0, 1.0], "share", "P1: share of the troops from the lead tier when other ground contributors exist", "Assumption";

    // --- Cost (X1) ------------------------------------------------------------------
    CostTroopYear = "cost_troop_year", 0.2, [0.0, 5.0], "EUR m per troop-year", "X1: cost of a deployed troop-year without fighting", "German KFOR and Lithuania brigade budgets: EUR 150-250k";
    CostTroopYearCombat = "cost_troop_year_combat", 0.75, [0.0, 5.0], "EUR m per troop-year", "X1: cost of a troop-year in combat (war state or rung 3)", "French OPEX budgets: EUR 0.5-1m";
    CostAirDefenceYear = "cost_air_defence_unit_year", 30.0, [0.0, 1000.0], "EUR m per unit-year", "X1: operating cost of an air-defence unit", "Assumption";
    CostAircraftYear = "cost_aircraft_year", 10.0, [0.0, 1000.0], "EUR m per aircraft-year", "X1: operating cost of an aircraft on the mission", "Assumption (~EUR 20-40k per flight hour)";
    CostNavalYear = "cost_naval_unit_year", 60.0, [0.0, 1000.0], "EUR m per unit-year", "X1: operating cost of a naval unit", "Assumption";
    CostInterceptor = "cost_interceptor", 0.5, [0.0, 10.0], "EUR m per interceptor", "X1: cost of an interceptor fired by the coalition or U.S. layers", "Assumption (IRIS-T ~0.4m to Patriot ~3-4m, drones cheaper)";
    RotationMultiplier = "rotation_multiplier", 3.0, [1.0, 6.0], "x", "X1: personnel committed per deployed soldier (rule of thirds)", "Force-generation practice: 3-4x (UK 64k ~ 256k over two years)";
}

pub const N_COEFS: usize = COEFS.len();

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
    let mut s = String::from(
        "| name | default | range | unit | equation and role | source |\n|---|---|---|---|---|---|\n",
    );
    for c in COEFS {
        s.push_str(&format!(
            "| `{}` | {} | {} – {} | {} | {} | {} |\n",
            c.name,
            crate::scenario::spec::fmt_num(c.default),
            crate::scenario::spec::fmt_num(c.min),
            crate::scenario::spec::fmt_num(c.max),
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

    #[test]
    fn registry_is_consistent() {
        let mut names = std::collections::HashSet::new();
        for (i, c) in Coef::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
            let s = c.spec();
            assert!(names.insert(s.name), "duplicate name {}", s.name);
            assert!(
                s.min <= s.default && s.default <= s.max,
                "{} default outside range",
                s.name
            );
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
