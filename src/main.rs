use std::process::ExitCode;

fn main() -> ExitCode {
    tracker::cli::main()
}
