//! The `dualuse` command line. See `dualuse --help`.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
