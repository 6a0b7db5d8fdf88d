//! The `dualuse` command line. See `dualuse --help`.

mod cli;
#[cfg(feature = "serve")]
mod serve;

fn main() {
    std::process::exit(cli::run());
}
