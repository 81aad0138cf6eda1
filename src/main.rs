//! The `switchyard` binary: parse configuration, start tracing, run the subcommand.

use clap::Parser;
use switchyard_core::config::Cli;

// glibc malloc spent a third of the server's CPU in allocation and fragmentation under
// load (perf, `make bench`); mimalloc halves that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // Held to the end: dropping it flushes the last spans.
    let _telemetry = match switchyard_core::telemetry::init(&cli.telemetry) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match switchyard::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error, "switchyard stopped");
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
