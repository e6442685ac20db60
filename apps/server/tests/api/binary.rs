//! The `mentor` binary itself: configuration errors at start-up, and graceful shutdown.

use std::process::{Command, Stdio};
use std::time::Duration;

fn mentor() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mentor"));
    // From the repository root, like `make run`: the catalog is at ./content/exercises.
    command
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

#[test]
fn a_configured_language_model_does_not_stop_the_binary() {
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("mentor.toml");
    std::fs::write(
        &config,
        "[[llm.providers]]\nname = \"local\"\nkind = \"openai\"\n\
         base_url = \"http://127.0.0.1:9/v1\"\nmodel = \"llama3.2\"\n",
    )
    .unwrap();
    let out = mentor()
        .arg("--config")
        .arg(&config)
        .arg("seed")
        .env("MENTOR__DATA__DIR", data.path())
        .env("MENTOR__LOG__LEVEL", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn mentor_seed_loads_the_catalog_once_and_then_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let run = || {
        let out = mentor()
            .arg("seed")
            .env("MENTOR__DATA__DIR", data.path())
            .env("MENTOR__LOG__LEVEL", "warn")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    let total = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/exercises/python"
    ))
    .unwrap()
    .count()
        + std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/exercises/javascript"
        ))
        .unwrap()
        .count();
    assert!(
        first.contains(&format!("{total} new, 0 updated, 0 unchanged")),
        "{first}"
    );
    let second = run();
    assert!(
        second.contains(&format!("0 new, 0 updated, {total} unchanged")),
        "{second}"
    );
}

#[test]
fn production_refuses_to_start_and_lists_every_problem_without_printing_secrets() {
    let data = tempfile::tempdir().unwrap();
    let output = mentor()
        .arg("check-config")
        .env("MENTOR__PROFILE", "production")
        .env("MENTOR__DATA__DIR", data.path())
        .env(
            "MENTOR__AUTH__JWT_SECRET",
            "changeme-changeme-changeme-changeme",
        )
        .env("MENTOR__SERVER__PUBLIC_URL", "http://mentor.example.org")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    for problem in [
        "server.public_url",
        "database.url",
        "redis.url",
        "mail.smtp_host",
        "auth.jwt_secret",
    ] {
        assert!(
            stderr.contains(problem),
            "{problem} not reported in:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains("changeme-changeme"),
        "the secret was printed:\n{stderr}"
    );
}

#[test]
fn a_valid_configuration_prints_redacted() {
    let data = tempfile::tempdir().unwrap();
    let output = mentor()
        .arg("check-config")
        .env("MENTOR__DATA__DIR", data.path())
        .env(
            "MENTOR__DATABASE__URL",
            "postgres://mentor:hunter2-db-password@127.0.0.1/mentor",
        )
        .env(
            "MENTOR__AUTH__JWT_SECRET",
            "Zq7vN2xK5wT8pL0aY3cE6gH9jM1bD4fS7uW0rQ",
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("postgres://mentor:redacted@127.0.0.1/mentor"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("hunter2") && !stdout.contains("Zq7vN2"),
        "{stdout}"
    );
}

#[test]
fn unknown_settings_are_reported() {
    let output = mentor()
        .arg("check-config")
        .env("MENTOR__SERVER__LISTN", "x")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("listn"));
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

async fn serve_then_stop_with(signal_name: &str) {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = mentor()
        .arg("serve")
        .env("MENTOR__DATA__DIR", data.path())
        .env("MENTOR__SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("MENTOR__SERVER__WORKERS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/health/ready");
    let client = crate::helpers::TestApp::bare();
    let mut ready = false;
    for _ in 0..200 {
        if client
            .get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the server did not become ready");
    // Requests in flight when the signal arrives (each runs an argon2 verify) must still be
    // answered: the server drains instead of dropping them.
    let base = format!("http://127.0.0.1:{port}");
    let res = client
        .get(format!("{base}/api/v1/auth/csrf"))
        .send()
        .await
        .unwrap();
    let csrf = crate::helpers::set_cookie(&res, "mentor-csrf").unwrap();
    let in_flight: Vec<_> = (0..8)
        .map(|_| {
            let request = client
                .post(format!("{base}/api/v1/auth/login"))
                .header("X-CSRF-Token", &csrf)
                .header("Cookie", format!("mentor-csrf={csrf}"))
                .json(&serde_json::json!({"email": "nobody@example.org", "password": "not a password at all"}));
            tokio::spawn(request.send())
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    signal(child.id(), signal_name);
    for request in in_flight {
        let res = request
            .await
            .unwrap()
            .expect("an in-flight request was dropped");
        assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);
    }
    let mut status = None;
    for _ in 0..200 {
        if let Some(exit) = child.try_wait().unwrap() {
            status = Some(exit);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = status.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("the server did not stop after SIG{signal_name}");
    });
    assert!(
        status.success(),
        "SIG{signal_name} should stop the server cleanly, got {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_server_cleanly() {
    serve_then_stop_with("TERM").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_stops_the_server_cleanly() {
    serve_then_stop_with("INT").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_admin_is_created_on_the_command_line_and_can_sign_in() {
    use std::io::Write as _;

    let data = tempfile::tempdir().unwrap();
    let password = "a long admin passphrase nobody guesses";
    let create = || {
        let mut child = mentor()
            .args([
                "admin",
                "create-user",
                "--email",
                "root@example.org",
                "--role",
                "admin",
            ])
            .env("MENTOR__DATA__DIR", data.path())
            .env("MENTOR__LOG__LEVEL", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let first = create();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).starts_with("created user "));
    let again = create();
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(
        !stderr.contains(password) && !String::from_utf8_lossy(&first.stdout).contains(password)
    );

    let dir = data.path().to_path_buf();
    let app = crate::helpers::TestApp::embedded_with(move |raw| raw.data.dir = dir, |_| {}).await;
    let browser = crate::helpers::TestApp::browser();
    let csrf = app.csrf(&browser).await;
    let res = app
        .post(
            &browser,
            "/api/v1/auth/login",
            &csrf,
            Some(serde_json::json!({"email": "root@example.org", "password": password})),
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let me: serde_json::Value = browser
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], serde_json::json!(["learner", "admin"]));
    assert_eq!(me["email_verified"], true);
}
