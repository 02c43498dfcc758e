//! The two families of outcomes (docs/model.md, "Outcomes"): every run ends
//! in one peace class at the horizon, comparable across every option, and a
//! run of an option with a force also ends in one mission class. Each
//! family's order is the order of every table, file and chart.

/// The peace at the end of month H.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Peace {
    /// A ceasefire in force, and none of its last min(6, age) months struck.
    CeasefireQuiet,
    /// A ceasefire in force, but a strike was launched at the cities or the
    /// force in one of its last min(6, age) months.
    CeasefireContested,
    /// No ceasefire in force: none came, or the last one collapsed.
    War,
    /// The escalation ladder reached rung 4 (whenever it came).
    WiderWar,
}

pub const N_PEACE: usize = 4;

impl Peace {
    pub const ALL: [Peace; N_PEACE] = [
        Peace::CeasefireQuiet,
        Peace::CeasefireContested,
        Peace::War,
        Peace::WiderWar,
    ];

    pub const NAMES: [&'static str; N_PEACE] =
        ["ceasefire_quiet", "ceasefire_contested", "war", "wider_war"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The name a reader sees; [`Peace::name`] stays the identifier in JSON
    /// and CSV.
    pub fn label(self) -> &'static str {
        match self {
            Peace::CeasefireQuiet => "Ceasefire, quiet",
            Peace::CeasefireContested => "Ceasefire, contested",
            Peace::War => "War",
            Peace::WiderWar => "Wider war",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Peace::CeasefireQuiet => {
                "a ceasefire is in force at the horizon and no strike was launched at the cities or the force in its last six months (or its whole life, if shorter)"
            }
            Peace::CeasefireContested => {
                "a ceasefire is in force at the horizon, but strikes were launched at the cities or the force in its last six months"
            }
            Peace::War => {
                "no ceasefire is in force at the horizon: none came, or the last one collapsed"
            }
            Peace::WiderWar => {
                "the escalation ladder reached rung 4: coalition states and Russia at war"
            }
        }
    }

    /// A ceasefire is in force at the horizon (quiet or contested).
    pub fn ceasefire(self) -> bool {
        matches!(self, Peace::CeasefireQuiet | Peace::CeasefireContested)
    }

    pub fn find(name: &str) -> Option<Peace> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// What became of the force, for an option that announces one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Mission {
    /// The force was never in the country (see [`NeverReason`]).
    NeverDeployed,
    /// In the country at the horizon, its mission not ended by a collapse.
    InPlace,
    /// Withdrew (P2) with no hostile death.
    WithdrawnNoDeaths,
    /// Withdrew after at least one hostile death.
    WithdrawnAfterDeaths,
    /// The ceasefire collapsed while it was in the country (it stood aside
    /// and left, or fought).
    EndedByCollapse,
    /// The ladder reached rung 4 while it was in the country.
    EndedByWiderWar,
}

pub const N_MISSION: usize = 6;

impl Mission {
    pub const ALL: [Mission; N_MISSION] = [
        Mission::NeverDeployed,
        Mission::InPlace,
        Mission::WithdrawnNoDeaths,
        Mission::WithdrawnAfterDeaths,
        Mission::EndedByCollapse,
        Mission::EndedByWiderWar,
    ];

    pub const NAMES: [&'static str; N_MISSION] = [
        "never_deployed",
        "in_place",
        "withdrawn_no_deaths",
        "withdrawn_after_deaths",
        "ended_by_collapse",
        "ended_by_wider_war",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            Mission::NeverDeployed => "Never deployed",
            Mission::InPlace => "In place",
            Mission::WithdrawnNoDeaths => "Withdrawn, no one killed",
            Mission::WithdrawnAfterDeaths => "Withdrawn after deaths",
            Mission::EndedByCollapse => "Ended by a collapse",
            Mission::EndedByWiderWar => "Ended by a wider war",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Mission::NeverDeployed => {
                "the force was never in the country: no ceasefire to wait for, a collapse before it arrived, too late to arrive, or nothing left to send"
            }
            Mission::InPlace => {
                "the force is in the country at the horizon, its mission not ended by a collapse"
            }
            Mission::WithdrawnNoDeaths => {
                "the force fell below a viable size and withdrew with no one killed by hostile action"
            }
            Mission::WithdrawnAfterDeaths => {
                "the force fell below a viable size and withdrew after hostile deaths"
            }
            Mission::EndedByCollapse => {
                "an offensive ended the ceasefire while the force was there: it stood aside and left, or fought"
            }
            Mission::EndedByWiderWar => {
                "the escalation ladder reached rung 4 while the force was in the country"
            }
        }
    }

    /// Either withdrawal class.
    pub fn withdrawn(self) -> bool {
        matches!(
            self,
            Mission::WithdrawnNoDeaths | Mission::WithdrawnAfterDeaths
        )
    }

    pub fn find(name: &str) -> Option<Mission> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// Why a force was never in the country, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum NeverReason {
    /// Nothing left to send: every contingent waited for a U.S. backstop
    /// that was not committed (N1).
    Withheld,
    /// It waited for a ceasefire and none came within the horizon (Moscow's veto).
    NoCeasefire,
    /// The first ceasefire collapsed before it arrived; the deployment was
    /// called off.
    CollapseBeforeArrival,
    /// It would have arrived at or after the horizon.
    TooLate,
}

pub const N_NEVER: usize = 4;

impl NeverReason {
    pub const ALL: [NeverReason; N_NEVER] = [
        NeverReason::Withheld,
        NeverReason::NoCeasefire,
        NeverReason::CollapseBeforeArrival,
        NeverReason::TooLate,
    ];
    pub const NAMES: [&'static str; N_NEVER] = [
        "withheld",
        "no_ceasefire",
        "collapse_before_arrival",
        "too_late",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            NeverReason::Withheld => {
                "nothing left to send (contingents waited for a U.S. backstop)"
            }
            NeverReason::NoCeasefire => "no ceasefire within the horizon (Moscow's veto)",
            NeverReason::CollapseBeforeArrival => {
                "the ceasefire collapsed before the force arrived"
            }
            NeverReason::TooLate => "it would have arrived at or after the horizon",
        }
    }
}

/// What triggered a withdrawal (P2), for the two withdrawn classes
/// together: a lethal incident in the withdrawal's month or the twelve
/// before it (or a war the force was fighting) comes first; otherwise the way the
/// departure that took the force below its viable share came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u8)]
pub enum WithdrawalCause {
    /// A lethal incident in the withdrawal's month or the twelve months
    /// before it, or a war the force was fighting.
    #[default]
    Incident,
    /// A scheduled renewal vote, with no recent lethal incident.
    Vote,
    /// An election that brought a government which ended participation.
    Election,
    /// Will worn to nothing (unanswered attacks, strikes), with no recent
    /// lethal incident.
    WillExhausted,
}

pub const N_CAUSES: usize = 4;

impl WithdrawalCause {
    pub const ALL: [WithdrawalCause; N_CAUSES] = [
        WithdrawalCause::Incident,
        WithdrawalCause::Vote,
        WithdrawalCause::Election,
        WithdrawalCause::WillExhausted,
    ];
    pub const NAMES: [&'static str; N_CAUSES] = [
        "after_incident",
        "at_vote",
        "after_election",
        "will_exhausted",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            WithdrawalCause::Incident => {
                "after a lethal incident in the year before (or a war it fought)"
            }
            WithdrawalCause::Vote => {
                "at a scheduled renewal vote, no lethal incident in the year before"
            }
            WithdrawalCause::Election => "after an election brought a government that ended it",
            WithdrawalCause::WillExhausted => {
                "will worn away, no lethal incident in the year before"
            }
        }
    }

    /// Not triggered by an incident (the reality check's numerator).
    pub fn without_incident(self) -> bool {
        self != WithdrawalCause::Incident
    }
}

/// Version 2's outcome and criterion names, with what replaces each: a
/// scenario's `[expect]` or a command line that uses one gets this help.
pub const V2_NAMES: [(&str, &str); 8] = [
    (
        "no_deployment",
        "`never_deployed` (the mission) or `war` (the peace at the horizon)",
    ),
    ("deterrence_held", "`ceasefire_quiet`"),
    ("contested_peace", "`ceasefire_contested`"),
    ("war_continues", "`war`"),
    (
        "force_withdrawn",
        "`withdrawn` (or `withdrawn_no_deaths`, `withdrawn_after_deaths`)",
    ),
    (
        "ceasefire_collapse",
        "`p_collapse_given_ceasefire`, `ended_by_collapse` (the mission) or `war` (the peace at the horizon)",
    ),
    ("held", "`ceasefire_at_horizon`"),
    ("p_held_given_deployed", "`p_in_place_given_deployed`"),
];

/// The replacement of a version 2 name, if `name` is one.
pub fn v2_replacement(name: &str) -> Option<&'static str> {
    V2_NAMES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

/// A share of all runs that a scenario's `[expect]` can bound: a class of
/// either family, or one of the two groups (a ceasefire in force at the
/// horizon; either withdrawal). The peace comes first, as everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Share {
    Peace(Peace),
    /// `ceasefire_quiet` or `ceasefire_contested`.
    CeasefireAtHorizon,
    Mission(Mission),
    /// `withdrawn_no_deaths` or `withdrawn_after_deaths`.
    Withdrawn,
}

impl Share {
    /// Every share, in report order.
    pub fn all() -> Vec<Share> {
        let mut v: Vec<Share> = Peace::ALL.iter().map(|p| Share::Peace(*p)).collect();
        v.push(Share::CeasefireAtHorizon);
        v.extend(Mission::ALL.iter().map(|m| Share::Mission(*m)));
        v.push(Share::Withdrawn);
        v
    }

    pub fn names() -> Vec<&'static str> {
        Share::all().into_iter().map(Share::name).collect()
    }

    pub fn name(self) -> &'static str {
        match self {
            Share::Peace(p) => p.name(),
            Share::CeasefireAtHorizon => "ceasefire_at_horizon",
            Share::Mission(m) => m.name(),
            Share::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Share::Peace(p) => p.label(),
            Share::CeasefireAtHorizon => "Ceasefire in force at the horizon",
            Share::Mission(m) => m.label(),
            Share::Withdrawn => "Withdrawn",
        }
    }

    pub fn find(name: &str) -> Option<Share> {
        Share::all().into_iter().find(|s| s.name() == name)
    }

    /// Whether a run's classes fall in this share.
    pub fn holds(self, peace: Peace, mission: Mission) -> bool {
        match self {
            Share::Peace(p) => peace == p,
            Share::CeasefireAtHorizon => peace.ceasefire(),
            Share::Mission(m) => mission == m,
            Share::Withdrawn => mission.withdrawn(),
        }
    }
}
