//! `reassure narrate`: single trajectories told month by month.

use super::NarrateArgs;
use super::term::warn;

pub fn narrate(a: NarrateArgs) -> u8 {
    let _ = a;
    warn("error: `reassure narrate` is not built yet\n");
    super::EXIT_INPUT
}
