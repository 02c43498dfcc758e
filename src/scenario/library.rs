//! The scenario library (`scenarios/*.toml`), embedded in the binary so
//! that `reassure new --from SLUG` works from any folder. A test checks
//! that this list is exactly the files in `scenarios/`, byte for byte, so a
//! new library file cannot be forgotten here.

use super::load::DEFAULT_SCENARIO_TEXT;

/// One library scenario: its slug (the file's stem) and its text.
#[derive(Debug, Clone, Copy)]
pub struct LibraryScenario {
    pub slug: &'static str,
    pub text: &'static str,
}

impl LibraryScenario {
    /// Where the file lives in the source tree, for diagnostics and comments.
    pub fn path(&self) -> String {
        format!("scenarios/{}.toml", self.slug)
    }
}

macro_rules! library {
    ($($slug:literal),* $(,)?) => {
        &[$(LibraryScenario {
            slug: $slug,
            text: include_str!(concat!("../../scenarios/", $slug, ".toml")),
        }),*]
    };
}

/// Every library scenario, sorted by slug. The default scenario is here
/// too, under its slug (its text is [`DEFAULT_SCENARIO_TEXT`]).
pub const LIBRARY: &[LibraryScenario] = library![
    "arm-ukraine",
    "coalition-baseline",
    "deploy-during-war",
    "division-25k",
    "multi-domain-26-nations",
    "no-force",
    "original-50k",
    "pressure-first",
    "pressure-only",
    "rear-area-5k",
    "sea-and-air",
    "skyshield",
    "us-led-monitoring",
];

/// The library scenario with this slug.
pub fn find(slug: &str) -> Option<&'static LibraryScenario> {
    LIBRARY.iter().find(|l| l.slug == slug)
}

/// The slug of the default scenario.
pub fn default_slug() -> &'static str {
    LIBRARY
        .iter()
        .find(|l| l.text == DEFAULT_SCENARIO_TEXT)
        .map_or("coalition-baseline", |l| l.slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_library_is_exactly_the_scenarios_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut on_disk: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                (stem, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, String)> = LIBRARY
            .iter()
            .map(|l| (l.slug.to_string(), l.text.to_string()))
            .collect();
        let names = |v: &[(String, String)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&embedded),
            names(&on_disk),
            "src/scenario/library.rs must list every scenarios/*.toml, sorted"
        );
        for ((slug, a), (_, b)) in embedded.iter().zip(&on_disk) {
            assert!(a == b, "the embedded {slug}.toml differs from the file");
        }
    }

    #[test]
    fn every_library_scenario_is_valid_and_named_after_its_file() {
        for l in LIBRARY {
            let s = crate::scenario::parse(l.text, &l.path())
                .unwrap_or_else(|d| panic!("{}: {d:?}", l.slug));
            assert_eq!(s.slug, l.slug);
        }
        assert_eq!(default_slug(), "coalition-baseline");
        assert!(find("skyshield").is_some() && find("nope").is_none());
    }
}
