//! `cargo run -p learn -- <command>`, or the short forms `cargo kata`, `cargo progress`,
//! `cargo hint` and `cargo reset-kata` (see `.cargo/config.toml`).

use std::process::ExitCode;

use anyhow::Result;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use learn::{commands, project, watch};

fn cli() -> Command {
    let kata = || {
        Arg::new("kata")
            .help("the kata: queue, or kata-queue (default: the one you are on)")
            .value_name("KATA")
    };
    Command::new("learn")
        .about("Async Katas: work through the katas")
        .after_help(
            "Short forms: cargo kata [KATA] · cargo progress · cargo hint [KATA [N [LEVEL]]] · cargo reset-kata KATA",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("watch")
                .about("check the kata you are on, again at every save under katas/, and move on when it is solved")
                .arg(kata()),
        )
        .subcommand(Command::new("progress").about("every kata and problem: solved, failing or not started"))
        .subcommand(
            Command::new("hint")
                .about("a problem's hints, one level at a time (default: the problem you are on)")
                .arg(kata())
                .arg(
                    Arg::new("problem")
                        .help("the problem's number")
                        .value_name("N")
                        .value_parser(value_parser!(usize)),
                )
                .arg(
                    Arg::new("level")
                        .help("which hint: 1 is a nudge, the last nearly the answer")
                        .value_name("LEVEL")
                        .value_parser(value_parser!(usize)),
                ),
        )
        .subcommand(
            Command::new("reset")
                .about("put a kata back as shipped; your version is kept in .kept/ first")
                .arg(kata().required(true))
                .arg(
                    Arg::new("yes")
                        .long("yes")
                        .short('y')
                        .help("don't ask")
                        .action(ArgAction::SetTrue),
                ),
        )
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    match run(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(matches: &ArgMatches) -> Result<()> {
    let root = project::root()?;
    let kata = |m: &ArgMatches| m.get_one::<String>("kata").cloned();
    match matches.subcommand() {
        Some(("watch", m)) => watch::watch(&root, kata(m).as_deref()),
        Some(("progress", _)) => commands::progress(&root),
        Some(("hint", m)) => commands::hint(
            &root,
            kata(m).as_deref(),
            m.get_one::<usize>("problem").copied(),
            m.get_one::<usize>("level").copied(),
        ),
        Some(("reset", m)) => {
            let name = kata(m).unwrap_or_default();
            commands::reset(&root, &name, m.get_flag("yes")).map(|_| ())
        }
        _ => unreachable!("clap requires a known subcommand"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        super::cli().debug_assert();
    }
}
