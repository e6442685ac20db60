//! `mentor`: one binary for every role — `mentor serve`, `mentor migrate`.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mentor_server::{app, config, telemetry};

/// Mentor: learn to program with an AI tutor.
#[derive(Debug, Parser)]
#[command(name = "mentor", version)]
struct Cli {
    /// Configuration file (TOML). Values from `MENTOR__SECTION__KEY` variables override it.
    #[arg(long, short, env = "MENTOR_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (applies migrations first on SQLite).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Validate the configuration and print it with secrets redacted.
    CheckConfig,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match config::load(cli.config.as_deref()).and_then(config::RawSettings::validate)
    {
        Ok(settings) => settings,
        Err(problems) => {
            eprintln!("mentor: {problems}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_json, &settings.log_level);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("mentor: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome: anyhow::Result<()> = runtime.block_on(async move {
        match cli.command {
            Command::Serve => {
                let application = app::Application::build(settings).await?;
                application.run_until_stopped().await?;
                tracing::info!("stopped");
                Ok(())
            }
            Command::Migrate => {
                app::migrate(&settings).await?;
                tracing::info!("migrations applied");
                Ok(())
            }
            Command::CheckConfig => {
                println!("{settings:#?}");
                Ok(())
            }
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "mentor failed");
            eprintln!("mentor: {e:#}");
            ExitCode::FAILURE
        }
    }
}
