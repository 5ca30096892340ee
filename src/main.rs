fn main() {
    std::process::exit(triage::run(std::env::args_os()));
}
