use clap::CommandFactory;

fn main() {
    // A shell asking for completions (`COMPLETE=bash triage -- ...`) is answered and exits here.
    clap_complete::CompleteEnv::with_factory(triage::cli::Cli::command)
        .var(triage::cli::COMPLETE_VAR)
        .complete();
    std::process::exit(triage::run(std::env::args_os()));
}
