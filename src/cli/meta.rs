//! `reassure schema`, `reassure completions SHELL` and `reassure man`: all
//! generated (from the registries and from the clap definitions), none
//! written by hand.

use super::Cli;
use super::term::say;
use clap::CommandFactory;

pub fn schema() -> u8 {
    say(&crate::scenario::schema::schema_text());
    0
}

pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "reassure", &mut buf);
    say(&String::from_utf8_lossy(&buf));
    0
}

pub fn man() -> u8 {
    let mut buf = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        Ok(()) => {
            say(&String::from_utf8_lossy(&buf));
            0
        }
        Err(e) => {
            super::term::warn(&format!("error: cannot render the man page: {e}\n"));
            super::EXIT_WRITE
        }
    }
}
