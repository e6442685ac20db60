//! `mentor`: one binary for every role — `mentor serve`, `mentor worker`, `mentor migrate`,
//! `mentor seed`, `mentor admin …`.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mentor_auth::{CreateUserError, DisplayName, Email, NewAccount, Password, Role};
use mentor_server::{app, config, telemetry};
use secrecy::SecretString;

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
    /// Serve the API (applies migrations first on SQLite). On SQLite it also grades
    /// submissions in-process (`grading.workers`).
    Serve,
    /// Grade submissions from the shared queue (production: run one or more beside `serve`).
    /// Stops on SIGINT/SIGTERM after finishing the submissions in hand.
    Worker,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the exercise catalog (`content.dir`) into the database: new exercises are added,
    /// changed ones get their new version, the rest is left alone.
    Seed,
    /// Validate the configuration and print it with secrets redacted.
    CheckConfig,
    /// Operator tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a verified account, for example the first admin. The password is read from
    /// `MENTOR_NEW_USER_PASSWORD` or, if unset, from the first line of standard input — never
    /// from the command line, where other users of the machine could see it.
    CreateUser {
        /// Sign-in address.
        #[arg(long)]
        email: String,
        /// Role in addition to learner.
        #[arg(long, value_enum, default_value = "learner")]
        role: RoleArg,
        /// Display name (defaults to the address's local part).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Fill the database with realistic learners and graded submissions, for measurements
    /// (`make bench`). Seeds the catalog first. Use a database of its own: the accounts are
    /// real rows (`load-N-SEED@example.invalid`, no password).
    GenerateLoad {
        /// Learners.
        #[arg(long, default_value_t = 10_000)]
        users: u32,
        /// Graded submissions in all.
        #[arg(long, default_value_t = 1_000_000)]
        submissions: u64,
        /// How far back the history reaches, days.
        #[arg(long, default_value_t = 365)]
        days: u32,
        /// Seed of the random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    Learner,
    Mentor,
    Admin,
}

/// Reads the new account's password from the environment or standard input.
fn read_new_password() -> anyhow::Result<SecretString> {
    if let Ok(password) = std::env::var("MENTOR_NEW_USER_PASSWORD") {
        return Ok(SecretString::from(password));
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(
        !password.is_empty(),
        "no password given (set MENTOR_NEW_USER_PASSWORD or pipe it on stdin)"
    );
    Ok(SecretString::from(password))
}

async fn create_user(
    settings: &config::Settings,
    email: &str,
    role: RoleArg,
    display_name: Option<&str>,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let password = Password::new(read_new_password()?, &email)
        .map_err(|e| anyhow::anyhow!("password: {e}"))?;
    let display_name = display_name
        .map(DisplayName::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--display-name: {e}"))?;
    let roles = match role {
        RoleArg::Learner => vec![],
        RoleArg::Mentor => vec![Role::Mentor],
        RoleArg::Admin => vec![Role::Admin],
    };
    let state = app::compose(settings).await?;
    let account = NewAccount {
        email,
        password,
        display_name,
        roles,
    };
    match state.auth.create_user(account).await {
        Ok(id) => {
            println!("created user {id}");
            Ok(())
        }
        Err(CreateUserError::EmailTaken) => {
            anyhow::bail!("an account with this email already exists")
        }
        Err(CreateUserError::Unexpected(e)) => Err(e),
    }
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
            Command::Worker => {
                app::run_workers(&settings).await?;
                tracing::info!("stopped");
                Ok(())
            }
            Command::Migrate => {
                app::migrate(&settings).await?;
                tracing::info!("migrations applied");
                Ok(())
            }
            Command::Seed => {
                let state = app::compose(&settings).await?;
                let report = app::seed(&settings, &state.exercises).await?;
                println!(
                    "catalog seeded: {} new, {} updated, {} unchanged",
                    report.created, report.updated, report.unchanged
                );
                Ok(())
            }
            Command::CheckConfig => {
                println!("{settings:#?}");
                Ok(())
            }
            Command::Admin {
                command:
                    AdminCommand::CreateUser {
                        email,
                        role,
                        display_name,
                    },
            } => create_user(&settings, &email, role, display_name.as_deref()).await,
            Command::Admin {
                command:
                    AdminCommand::GenerateLoad {
                        users,
                        submissions,
                        days,
                        seed,
                    },
            } => {
                let spec = mentor_sql::load::LoadSpec {
                    users,
                    submissions,
                    days,
                    seed,
                };
                let report = app::generate_load(&settings, spec).await?;
                println!(
                    "generated {} learners, {} graded submissions, {} achievements, {} daily picks in {:.1} s",
                    report.users,
                    report.submissions,
                    report.achievements,
                    report.daily_picks,
                    report.elapsed.as_secs_f64()
                );
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
