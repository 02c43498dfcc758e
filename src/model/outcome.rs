//! The seven outcome classes. Every trajectory ends in exactly one; this order
//! is the order of every table, file and chart.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Outcome {
    /// A ceasefire was required and none came in the window.
    NoDeployment,
    /// The ceasefire held, the force stayed, and neither it nor Ukrainian cities were struck.
    DeterrenceHeld,
    /// The ceasefire held and the force stayed, but at least one strike hit the force or the cities.
    ContestedPeace,
    /// The force deployed without a ceasefire and at the horizon the war still runs.
    WarContinues,
    /// The force fell below a viable share of its combat power.
    ForceWithdrawn,
    /// A major offensive ended the ceasefire (also during the deployment lag).
    CeasefireCollapse,
    /// The escalation ladder reached rung 4.
    WiderWar,
}

pub const N_OUTCOMES: usize = 7;

impl Outcome {
    pub const ALL: [Outcome; N_OUTCOMES] = [
        Outcome::NoDeployment,
        Outcome::DeterrenceHeld,
        Outcome::ContestedPeace,
        Outcome::WarContinues,
        Outcome::ForceWithdrawn,
        Outcome::CeasefireCollapse,
        Outcome::WiderWar,
    ];

    pub const NAMES: [&'static str; N_OUTCOMES] = [
        "no_deployment",
        "deterrence_held",
        "contested_peace",
        "war_continues",
        "force_withdrawn",
        "ceasefire_collapse",
        "wider_war",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The name a reader sees in reports and charts; [`Outcome::name`] stays
    /// the identifier in JSON and CSV.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::NoDeployment => "No deployment",
            Outcome::DeterrenceHeld => "Deterrence held",
            Outcome::ContestedPeace => "Contested peace",
            Outcome::WarContinues => "War continues",
            Outcome::ForceWithdrawn => "Force withdrawn",
            Outcome::CeasefireCollapse => "Ceasefire collapse",
            Outcome::WiderWar => "Wider war",
        }
    }

    pub fn find(name: &str) -> Option<Outcome> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Outcome::NoDeployment => "a ceasefire was required and none came in the window",
            Outcome::DeterrenceHeld => {
                "the ceasefire held, the force stayed, no strike on the force or cities"
            }
            Outcome::ContestedPeace => {
                "the ceasefire held and the force stayed, but strikes hit the force or cities"
            }
            Outcome::WarContinues => {
                "deployed without a ceasefire; at the horizon the war still runs"
            }
            Outcome::ForceWithdrawn => {
                "the force fell below a viable size (deaths, will, mandates)"
            }
            Outcome::CeasefireCollapse => "a major offensive ended the ceasefire",
            Outcome::WiderWar => {
                "the escalation ladder reached rung 4: coalition states and Russia at war"
            }
        }
    }
}
