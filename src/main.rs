//! The `dualuse` command line. See `dualuse --help`.

mod cli;
#[cfg(feature = "serve")]
mod serve;

/// The binary allocates per row (the row's fields, hits, evidence, the
/// record) from one or two threads; mimalloc's thread-local free lists
/// serve that pattern in a fraction of the instructions of glibc's malloc
/// (callgrind, 20,000 catalog rows: 1.20 G instructions in all with glibc,
/// 1.03 G with mimalloc).
/// Library users keep their own allocator: only the binary sets this.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
