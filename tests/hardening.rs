//! Hostile conditions, each run in a child process: closed pipes and a full
//! disk, signals, concurrent commands, odd files and folders, unbounded
//! work and output, and the messages for malformed input. Every test here
//! failed (a panic, a hang, a lost result or a misleading message) before
//! the hardening it checks.

mod common;

use assert_cmd::Command as Cmd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn exe() -> PathBuf {
    assert_cmd::cargo::cargo_bin("reassure")
}

fn bin() -> Cmd {
    let mut c = Cmd::new(exe());
    c.timeout(Duration::from_secs(60));
    c
}

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn lib(name: &str) -> PathBuf {
    library().join(name)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Assert a child exited 0, showing its stderr if not.
fn succeeded(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

const HEAD: &str = "[scenario]\nname = \"t\"\n";

/// `reassure validate FILE`, which must exit 2; its stderr.
fn validate_fails(file: &Path) -> String {
    let out = bin().arg("validate").arg(file).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

/// A pipe whose reading end is already closed: every write to it fails
/// with a broken pipe, deterministically.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// Run `args` with stdout a closed pipe. Returns (exit code, stderr).
fn with_stdout_closed(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let out = Command::new(exe())
        .args(args)
        .current_dir(dir)
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_is_a_quiet_exit_not_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let files: Vec<String> = std::fs::read_dir(library())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(|s| s.as_str()));
    let (code, err) = with_stdout_closed(&args, d.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let a = lib("rear-area-5k.toml").display().to_string();
    let b = lib("division-25k.toml").display().to_string();
    let (code, err) = with_stdout_closed(
        &[
            "compare", &a, &b, "--runs", "2000", "--charts", "none", "--out", "o",
        ],
        d.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The results were still written.
    assert!(
        d.path()
            .join("o/compare-rear-area-5k-vs-division-25k/compare.json")
            .is_file()
    );

    // An expectation that fails still exits 1 with stdout closed.
    let failing = write(
        d.path(),
        "f.toml",
        &format!("{HEAD}[expect]\nnever_deployed = {{ max = 0.01 }}\n"),
    );
    let (code, err) = with_stdout_closed(
        &[
            "run",
            failing.to_str().unwrap(),
            "--runs",
            "500",
            "--charts",
            "none",
            "--out",
            "o",
        ],
        d.path(),
    );
    assert_eq!(code, Some(1), "{err}");
}

#[test]
fn a_closed_stderr_does_not_panic_either() {
    let d = tempfile::tempdir().unwrap();
    let bad = write(d.path(), "bad.toml", "[scenario]\nname = 5\n");
    let status = Command::new(exe())
        .args(["validate", bad.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_exits_3_with_a_message() {
    let d = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(exe())
        .args(["run", "--runs", "500", "--charts", "none", "--out"])
        .arg(d.path())
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("cannot write to standard output") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn an_unbounded_grid_is_refused_up_front() {
    let d = tempfile::tempdir().unwrap();
    // Under a 1 GB address-space limit: a command that built the
    // million-point grid before refusing it would run out of memory and
    // die, not exit 2.
    let out = Command::new("sh")
        .args(["-c", "ulimit -v 1000000 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_reassure"))
        .args([
            "sweep",
            lib("division-25k.toml").to_str().unwrap(),
            "--vary",
            "force.troops=0..199800:1000",
            "--vary",
            "assumptions.announcement_penalty=0..1:1000",
            "--runs",
            "1",
            "--out",
        ])
        .arg(d.path().join("o"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("1,000,000 grid points") && err.contains("--allow-large"),
        "{err}"
    );
    assert!(!d.path().join("o").exists(), "nothing written");
    // Total trajectories are bounded too (compare: runs × scenarios).
    let a = lib("rear-area-5k.toml");
    let out = bin()
        .args([
            "compare",
            a.to_str().unwrap(),
            a.to_str().unwrap(),
            "--runs",
            "10000000000",
            "--out",
        ])
        .arg(d.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("20,000,000,000 trajectories"));
}

#[test]
fn control_characters_are_refused_and_never_echoed() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "bell.toml",
        "[scenario]\nname = \"Bell \\u0007 test \\u001b[2J\"\n",
    );
    let err = validate_fails(&f);
    assert!(
        err.contains("control character (U+0007)") && err.contains(":2:8"),
        "{err}"
    );
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    // A raw control byte in the file itself is shown escaped in the echoed line.
    let raw = write(
        d.path(),
        "raw.toml",
        "[scenario]\nname = \"x\"\n[force]\ntroop\u{7} = 1\n",
    );
    let err = validate_fails(&raw);
    assert!(err.contains("\\u{7}") && !err.contains('\u{7}'), "{err:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_is_refused_not_read() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    let fifo = dir.join("x.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [
        vec!["batch", dir.to_str().unwrap()],
        vec!["run", fifo.to_str().unwrap()],
    ] {
        let out = bin()
            .args(&args)
            .args(["--out"])
            .arg(d.path().join("o"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    let out = bin().args(["validate", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unwritable_out_is_found_before_simulating() {
    let d = tempfile::tempdir().unwrap();
    let file = write(d.path(), "file", "not a folder");
    let started = Instant::now();
    // A billion runs would take minutes: the refusal must come first.
    let out = bin()
        .args(["run", "--runs", "1000000000", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file, not a folder"));
}

#[cfg(unix)]
fn interrupt(pid: u32) {
    assert!(
        Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
}

/// Wait until `cond` holds, at most 30 s.
fn wait_for(cond: impl Fn() -> bool) {
    let started = Instant::now();
    while !cond() {
        assert!(started.elapsed() < Duration::from_secs(30), "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_writing_leaves_no_temporary_folder_and_no_lock() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let a = lib("rear-area-5k.toml");
    let b = lib("division-25k.toml");
    let child = Command::new(exe())
        .args([
            "compare",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--runs",
            "2000",
            "--charts",
            "none",
            "--out",
        ])
        .arg(&out)
        .env("REASSURE_TEST_PAUSE_BEFORE_RENAME_MS", "20000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let tmp = out.join(format!(
        ".compare-rear-area-5k-vs-division-25k.tmp-{}",
        child.id()
    ));
    wait_for(|| tmp.join("compare.json").is_file());
    interrupt(child.id());
    let result = child.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&result.stderr).contains("interrupted"));
    assert!(!tmp.exists(), "the temporary folder is removed");
    assert!(!out.join(".reassure.lock").exists(), "the lock is released");
    assert!(!out.join("compare-rear-area-5k-vs-division-25k").exists());
}

#[test]
fn a_later_run_removes_temporaries_a_dead_process_left() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let stale = out.join(format!(".coalition-baseline.tmp-{}", u32::MAX - 5));
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(out.join(".reassure.lock"), format!("{}\n", u32::MAX - 5)).unwrap();
    bin()
        .args(["--runs", "500", "--charts", "none", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(!stale.exists() && !out.join(".reassure.lock").exists());
    assert!(out.join("coalition-baseline/summary.json").is_file());
}

#[test]
fn two_commands_cannot_write_one_folder_at_once() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let first = Command::new(exe())
        .args([
            "batch",
            lib("rear-area-5k.toml").to_str().unwrap(),
            "--runs",
            "1000",
            "--seed",
            "1",
            "--charts",
            "none",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .env("REASSURE_TEST_PAUSE_BEFORE_RENAME_MS", "3000")
        .spawn()
        .unwrap();
    wait_for(|| out.join(".reassure.lock").exists());
    let second = bin()
        .args([
            "batch",
            lib("rear-area-5k.toml").to_str().unwrap(),
            "--runs",
            "1000",
            "--seed",
            "2",
            "--charts",
            "none",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(3), "{err}");
    assert!(
        err.contains("another reassure") && err.contains("is writing results"),
        "{err}"
    );
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    // The index describes the numbers in the folder it links.
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).unwrap()).unwrap();
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("rear-area-5k/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(index["scenarios"][0]["seed"], 1);
    assert_eq!(summary["seed"], 1);
    assert_eq!(index["scenarios"][0]["outcomes"], summary["outcomes"]);
}

#[test]
fn files_a_user_put_in_a_results_folder_are_kept() {
    let d = tempfile::tempdir().unwrap();
    let args = ["--runs", "500", "--charts", "none", "--quiet", "--out"];
    bin().args(args).arg(d.path()).assert().success();
    let notes = d.path().join("coalition-baseline/notes.txt");
    std::fs::write(&notes, "my notes").unwrap();
    let out = bin().args(args).arg(d.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
    assert!(String::from_utf8_lossy(&out.stderr).contains("kept 1 file you added"));
}

/// Each says what is actually wrong, once, at the right place.
#[test]
fn misleading_messages_are_now_right() {
    let d = tempfile::tempdir().unwrap();
    let check = |name: &str, text: &str, want: &str, at: &str| {
        let f = write(d.path(), name, text);
        let out = bin().arg("validate").arg(&f).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(want), "{name}: want {want:?} in\n{err}");
        assert!(
            err.contains(&format!("{name}:{at}")),
            "{name}: at {at} in\n{err}"
        );
        assert_eq!(
            err.matches("error:").count(),
            1,
            "{name}: one error in\n{err}"
        );
    };
    check(
        "big.toml",
        &format!("{HEAD}[force]\ntroops = 99999999999999999999\n"),
        "1e20 is out of range",
        "4:10",
    );
    check(
        "weights.toml",
        &format!(
            "{HEAD}[force]\nground_contributors = 1\ntroops = {{ dist = \"choice\", values = [1, 2], weights = [1e308, 1e308] }}\n"
        ),
        "their sum overflows",
        "5:",
    );
    check(
        "name.toml",
        "[scenario]\nname = 5\n",
        "expected a string, found an integer",
        "2:8",
    );
    check(
        "twice.toml",
        &format!("{HEAD}[force]\ntroops = 1\n[force]\ntroops = 2\n"),
        "the table [force] appears twice (first at line 3)",
        "5:2",
    );
    let deep = format!("{HEAD}\n[{}]\n", vec!["a"; 10_000].join("."));
    check("deep.toml", &deep, "nested 10000 levels deep", "4:1");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_batch_folder_is_searched_once() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("lib");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(lib("rear-area-5k.toml"), dir.join("rear-area-5k.toml")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("rear-area-5k.toml"), dir.join("again.toml")).unwrap();
    let out = bin().arg("validate").arg(&dir).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.lines().count(), 1, "one scenario: {text}");
    bin()
        .args([
            "batch", "--runs", "500", "--charts", "none", "--quiet", "--out",
        ])
        .arg(d.path().join("o"))
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn error_output_is_bounded() {
    let d = tempfile::tempdir().unwrap();
    let long = write(
        d.path(),
        "long.toml",
        &format!("{HEAD}description = \"{}\" junk\n", "x".repeat(400_000)),
    );
    let out = bin().arg("validate").arg(&long).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.len() < 4_000,
        "{} bytes of stderr",
        out.stderr.len()
    );

    // Found by the fuzzer: a message quoting a huge value is cut too.
    let quoted = write(
        d.path(),
        "quoted.toml",
        &format!(
            "{HEAD}[russia]\nrisk_appetite = {{ dist = \"{}\" }}\n",
            "[a.".repeat(50_000)
        ),
    );
    let out = bin().arg("validate").arg(&quoted).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.len() < 4_000,
        "{} bytes of stderr",
        out.stderr.len()
    );

    let mut many = HEAD.to_string();
    for i in 0..10_000 {
        many.push_str(&format!("[table{i}]\n"));
    }
    let f = write(d.path(), "many.toml", &many);
    let err = validate_fails(&f);
    assert!(err.len() < 40_000, "{} bytes of stderr", err.len());
    assert_eq!(err.matches("error:").count(), reassure::cli::MAX_SHOWN);
    assert!(
        err.contains("… and 9950 more problems not shown"),
        "{}",
        &err[err.len() - 300..]
    );
    assert!(err.contains("10000 problems in 1 of 1 input"));
}

#[test]
fn integer_ranges_folders_and_standard_input() {
    let d = tempfile::tempdir().unwrap();
    // A range whose points are not whole numbers on a whole-number lever.
    let out = bin()
        .args([
            "sweep",
            lib("rear-area-5k.toml").to_str().unwrap(),
            "--vary",
            "force.nations=1..2:3",
            "--runs",
            "100",
            "--out",
        ])
        .arg(d.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("not whole numbers (such as 1.5)") && err.contains("n = 2"),
        "{err}"
    );

    // `validate scenarios/` checks the folder's files.
    let out = bin().arg("validate").arg(library()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().lines().count() >= 11);

    // `-` reads the scenario from standard input.
    let text = std::fs::read_to_string(lib("rear-area-5k.toml")).unwrap();
    bin()
        .args(["validate", "-"])
        .write_stdin(text.clone())
        .assert()
        .success()
        .stdout("ok  <stdin>\n");
    let out = bin()
        .args([
            "run", "-", "--runs", "300", "--charts", "none", "--quiet", "--out",
        ])
        .arg(d.path())
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("rear-area-5k/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(j["scenario"]["file"], "<stdin>");
    let out = bin()
        .args(["validate", "-"])
        .write_stdin("[scenario]\nname = 5\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--> <stdin>:2:8")
    );
}

#[test]
fn version_completions_man_and_json() {
    let out = bin().arg("--version").output().unwrap();
    let v = String::from_utf8(out.stdout).unwrap();
    assert!(
        v.starts_with(&format!("reassure {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    if Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists() {
        assert!(
            v.contains("(git "),
            "the git revision when built from git: {v}"
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("reassure") && text.contains("sweep") && text.contains("allow-large"),
            "{shell}"
        );
    }
    let man = String::from_utf8(bin().arg("man").output().unwrap().stdout).unwrap();
    assert!(man.contains(".TH reassure") && man.contains("batch") && man.contains("130"));

    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["--runs", "400", "--charts", "none", "--json", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("coalition-baseline/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, written);
}

/// `cmd` with `args`, in `dir`; (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).current_dir(dir).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn exports_and_new_write_only_to_new_or_regular_files_that_are_not_inputs() {
    use std::os::unix::fs::FileTypeExt;
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let text = std::fs::read_to_string(lib("rear-area-5k.toml")).unwrap();
    write(dir, "mine.toml", &text);
    std::fs::hard_link(dir.join("mine.toml"), dir.join("alias.csv")).unwrap();
    write(dir, "secret", "private");
    std::os::unix::fs::symlink(dir.join("secret"), dir.join("link.csv")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(dir.join("fifo.csv"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir(dir.join("folder.csv")).unwrap();
    let base = ["--runs", "300", "--charts", "none", "--quiet", "--out", "o"];
    for (target, why) in [
        ("mine.toml", "the scenario file"),
        ("alias.csv", "the scenario file"),
        ("link.csv", "a symbolic link"),
        ("fifo.csv", "not a regular file"),
        ("folder.csv", "a folder"),
    ] {
        for cmd in [
            vec!["run", "mine.toml", "--export-runs", target],
            vec![
                "discover",
                "mine.toml",
                "--outcome",
                "withdrawn",
                "--export",
                target,
            ],
        ] {
            let mut args = cmd.clone();
            args.extend(base);
            let (code, _, err) = run_in(dir, &args);
            assert_eq!(code, Some(2), "{args:?}: {err}");
            assert!(
                err.contains(why) && err.contains("nothing was run"),
                "{args:?}: {err}"
            );
        }
    }
    assert!(!dir.join("o").exists(), "nothing was written");
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.toml")).unwrap(),
        text
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("secret")).unwrap(),
        "private"
    );
    assert!(
        std::fs::symlink_metadata(dir.join("fifo.csv"))
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO is still one"
    );
    // `-` is standard output, the CSV alone.
    let (code, out, err) = run_in(
        dir,
        &[
            "run",
            "mine.toml",
            "--export-runs",
            "-",
            "--runs",
            "300",
            "--charts",
            "none",
            "--out",
            "o",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("run,"), "{}", &out[..out.len().min(200)]);
    assert_eq!(out.lines().count(), 301);
    assert!(!dir.join("-").exists());
    let (code, _, err) = run_in(
        dir,
        &[
            "run",
            "mine.toml",
            "--export-runs",
            "-",
            "--json",
            "--runs",
            "300",
            "--out",
            "o",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    // `new --force` replaces only a regular file that is not its source.
    for (target, why) in [
        ("fifo.csv", "not a regular file"),
        ("link.csv", "a symbolic link"),
        ("mine.toml", "the scenario file"),
    ] {
        let (code, _, err) = run_in(dir, &["new", target, "--from", "mine.toml", "--force"]);
        assert_eq!(code, Some(2), "{target}: {err}");
        assert!(err.contains(why), "{target}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.toml")).unwrap(),
        text
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("secret")).unwrap(),
        "private"
    );
    let (code, _, err) = run_in(dir, &["new", "other.toml", "--from", "mine.toml"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run_in(dir, &["new", "other.toml", "--force"]);
    assert_eq!(code, Some(0), "{err}");
}

#[cfg(unix)]
#[test]
fn keeping_a_users_files_never_follows_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let args = ["--runs", "300", "--charts", "svg", "--quiet", "--out"];
    bin().args(args).arg(&out).assert().success();
    let slug = out.join("coalition-baseline");
    // A private file outside, linked from the results folder.
    let private = d.path().join("private");
    std::fs::create_dir(&private).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();
    write(&private, "key", "secret");
    std::os::unix::fs::symlink(private.join("key"), slug.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&private, slug.join("dirlink")).unwrap();
    // A chart of the user's own, beside the tool's.
    std::fs::write(slug.join("charts/annotated.svg"), "<svg>mine</svg>").unwrap();
    let o = bin().args(args).arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for link in ["link.txt", "dirlink"] {
        let m = std::fs::symlink_metadata(slug.join(link)).unwrap();
        assert!(
            m.file_type().is_symlink(),
            "{link} kept as a link, not a copy"
        );
    }
    assert_eq!(
        std::fs::read_to_string(slug.join("charts/annotated.svg")).unwrap(),
        "<svg>mine</svg>"
    );
    assert!(err.contains("charts/annotated.svg"), "said so: {err}");
    assert!(out.join("coalition-baseline/charts/outcomes.svg").is_file());

    // A slug folder that is a link to another folder: refused before any
    // work, and nothing of the other folder is copied or changed.
    let other = d.path().join("other");
    std::fs::create_dir(&other).unwrap();
    write(&other, "theirs.txt", "theirs");
    let out2 = d.path().join("o2");
    std::fs::create_dir(&out2).unwrap();
    std::os::unix::fs::symlink(&other, out2.join("coalition-baseline")).unwrap();
    let o = bin()
        .args(["--runs", "1000000000", "--charts", "none", "--out"])
        .arg(&out2)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("is a symbolic link"), "{err}");
    let names: Vec<_> = std::fs::read_dir(&other)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("theirs.txt")]);
}

#[cfg(unix)]
fn signal(pid: u32, sig: &str) {
    assert!(
        Command::new("kill")
            .args([sig, &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
}

#[cfg(unix)]
#[test]
fn sigterm_cleans_up_like_ctrl_c() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    // A previous result, so the swap has an old folder to move aside.
    bin()
        .args(["--runs", "300", "--charts", "none", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let child = Command::new(exe())
        .args(["--runs", "400", "--charts", "none", "--quiet", "--out"])
        .arg(&out)
        .env("REASSURE_TEST_PAUSE_BEFORE_RENAME_MS", "20000")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let tmp = out.join(format!(".coalition-baseline.tmp-{}", child.id()));
    wait_for(|| tmp.join("summary.json").is_file());
    signal(child.id(), "-TERM");
    let result = child.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(130));
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        vec!["coalition-baseline".to_string()],
        "no lock, temporary or .old"
    );
    let j: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("coalition-baseline/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(j["runs"], 300, "the previous result is whole");
}

/// This process's host, boot and PID namespace as a lock records them.
#[cfg(target_os = "linux")]
fn lock_text(pid: u32, start: &str, host: &str, flock: bool) -> String {
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap();
    let ns = std::fs::read_link("/proc/self/ns/pid").unwrap();
    format!(
        "pid={pid}\nstart={start}\nhost={host}\nboot={}\npidns={}\nflock={}\n",
        boot.trim(),
        ns.display(),
        if flock { "yes" } else { "no" }
    )
}

#[cfg(target_os = "linux")]
#[test]
fn stale_locks_of_containers_and_other_hosts() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    std::fs::create_dir(&out).unwrap();
    let lock = out.join(".reassure.lock");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let host = host.trim();
    let go = || {
        bin()
            .args(["--runs", "300", "--charts", "none", "--quiet", "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    // PID 1 (alive here) but not the process that wrote the lock: its
    // start time differs.
    std::fs::write(&lock, lock_text(1, "1", host, false)).unwrap();
    let o = go();
    succeeded(&o);
    assert!(!lock.exists());
    // A lock its holder flock'ed, which no one holds now: its holder died,
    // wherever it ran.
    std::fs::write(&lock, lock_text(1, "1", "elsewhere", true)).unwrap();
    assert_eq!(go().status.code(), Some(0));
    // Another host that cannot be checked: live while refreshed...
    std::fs::write(&lock, lock_text(1, "1", "elsewhere", false)).unwrap();
    let o = go();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("process 1 on host elsewhere") && err.contains("10 minutes"),
        "{err}"
    );
    // ...stale ten minutes after its last refresh.
    let f = std::fs::File::options().write(true).open(&lock).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(11 * 60))
        .unwrap();
    assert_eq!(go().status.code(), Some(0));
}

/// In a container the tool is PID 1: a lock an older version left naming
/// PID 1 (itself, now) no longer blocks every later run.
#[cfg(target_os = "linux")]
#[test]
fn a_lock_naming_pid_1_does_not_block_pid_1() {
    let unshare = Command::new("unshare")
        .args(["-fp", "--mount-proc", "true"])
        .status();
    if !unshare.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot start a PID namespace here");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join(".reassure.lock"), "1\n").unwrap();
    let o = Command::new("unshare")
        .args(["-fp", "--mount-proc"])
        .arg(exe())
        .args(["--runs", "300", "--charts", "none", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    succeeded(&o);
    assert!(!out.join(".reassure.lock").exists());
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_the_previous_batch_whole() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let files = [lib("rear-area-5k.toml"), lib("division-25k.toml")];
    let batch = |seed: &str| {
        let mut c = Command::new(exe());
        c.arg("batch")
            .args(&files)
            .args([
                "--runs",
                "300",
                "--robustness-draws",
                "0",
                "--charts",
                "none",
            ])
            .args(["--quiet", "--seed", seed, "--out"])
            .arg(&out);
        c
    };
    assert!(batch("1").status().unwrap().success());
    let child = batch("2")
        .env("REASSURE_TEST_PAUSE_BEFORE_RENAME_MS", "3000")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The second scenario's folder is being written: the first is done.
    let tmp = out.join(format!(".division-25k.tmp-{}", child.id()));
    wait_for(|| tmp.join("summary.json").is_file());
    signal(child.id(), "-INT");
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(130));
    for slug in ["rear-area-5k", "division-25k"] {
        let j: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(slug).join("summary.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(j["seed"], 1, "{slug}: the previous batch's folder");
    }
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A result saved read-only (by a user without root, who cannot remove
/// its files): replacing it leaves no `.old-PID` folder behind.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_result_is_replaced_without_leftovers() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    let go = || {
        let mut c = if root {
            // Root ignores permissions: run as nobody in a folder of its own.
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(exe());
            c
        } else {
            Command::new(exe())
        };
        c.args(["--runs", "300", "--charts", "none", "--quiet", "--out"])
            .arg(&out);
        c.output().unwrap()
    };
    if root {
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let o = go();
    if root && o.status.code() != Some(0) {
        eprintln!(
            "skipped: cannot run as nobody here: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        return;
    }
    let slug = out.join("coalition-baseline");
    std::fs::set_permissions(&slug, std::fs::Permissions::from_mode(0o555)).unwrap();
    for _ in 0..2 {
        let o = go();
        succeeded(&o);
    }
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// 172,000 unknown keys in a 1 MiB file (three-character keys, the most a
/// MiB holds): every problem is located, and the file is refused in time
/// linear in its size, whether the keys are lines, tables or one line.
#[test]
fn many_unknown_keys_are_refused_in_linear_time() {
    let d = tempfile::tempdir().unwrap();
    let chars: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').collect();
    let mut keys = Vec::new();
    'all: for &a in &chars[..52] {
        for &b in &chars {
            for &c in &chars {
                keys.push(format!("{a}{b}{c}"));
                if keys.len() == 172_000 {
                    break 'all;
                }
            }
        }
    }
    let lines: String = keys.iter().map(|k| format!("{k}=1\n")).collect();
    let tables: String = keys[..170_000].iter().map(|k| format!("[{k}]\n")).collect();
    let inline = format!(
        "x = {{{}}}\n",
        keys[..170_000]
            .iter()
            .map(|k| format!("{k}=1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for (name, body, count) in [
        ("lines", format!("[force]\n{lines}"), 172_000),
        ("tables", tables, 170_000),
        ("inline", format!("[force]\n{inline}"), 1),
    ] {
        let text = format!("{HEAD}{body}");
        assert!(text.len() as u64 <= 1 << 20, "{name}: {} bytes", text.len());
        let f = write(d.path(), &format!("{name}.toml"), &text);
        let started = Instant::now();
        let out = bin().arg("validate").arg(&f).output().unwrap();
        let took = started.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            err.contains(&format!("{count} problem")),
            "{name}: {}",
            &err[err.len().saturating_sub(300)..]
        );
        assert!(took < Duration::from_secs(2), "{name}: {took:?}");
    }
}

#[test]
fn memory_options_and_bootstrap_are_bounded_before_anything_runs() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let div = lib("division-25k.toml");
    let div = div.to_str().unwrap();
    // A million points with --allow-large: within the points limit, but
    // their aggregates would need hundreds of GB. Refused under a 1 GB
    // address space, so nothing was allocated first.
    let o = Command::new("sh")
        .args(["-c", "ulimit -v 1000000 && exec \"$0\" \"$@\""])
        .arg(exe())
        .args([
            "sweep",
            div,
            "--vary",
            "force.troops=0..199800:1000",
            "--vary",
            "assumptions.announcement_penalty=0..1:1000",
            "--runs",
            "1",
            "--allow-large",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("in memory") && err.contains("GiB"), "{err}");
    // More options than a comparison takes.
    let mut args = vec!["compare"];
    args.extend(std::iter::repeat_n(div, 21));
    let o = bin().args(&args).arg("--out").arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("at most 20 options"), "{err}");
    // Sobol's bootstrap counts in the work.
    let o = bin()
        .args([
            "sensitivity",
            "--method",
            "sobol",
            "--samples",
            "1000000",
            "--runs-per-point",
            "2",
            "--bootstrap",
            "100000",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("trajectories, more than the limit"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn runs_and_seeds_mean_the_same_on_the_command_line_and_in_a_file() {
    let d = tempfile::tempdir().unwrap();
    let file = write(d.path(), "file", "not a folder");
    // Beyond 10^10 runs: refused without --allow-large, accepted with it
    // (here refused next for the unwritable --out, exit 3, not by clap).
    let o = bin()
        .args(["run", "--runs", "20000000000", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--allow-large"), "{err}");
    let o = bin()
        .args(["run", "--runs", "20000000000", "--allow-large", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A seed the file would refuse is refused on the command line too.
    let big = "9223372036854775808";
    let o = bin()
        .args(["validate", "-"])
        .write_stdin(format!("{HEAD}seed = {big}\n"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin()
        .args(["run", "--seed", big, "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let ok = "9223372036854775807";
    bin()
        .args(["validate", "-"])
        .write_stdin(format!("{HEAD}seed = {ok}\n"))
        .assert()
        .success();
    // Big numbers are quoted as people write them, not as 301 digits.
    let o = bin()
        .args(["validate", "-"])
        .write_stdin(format!("{HEAD}[force]\ntroops = 1e300\n"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1e300 is out of range") && err.len() < 2_000,
        "{err}"
    );
    // robustness says its own default for --runs.
    let help = String::from_utf8(
        bin()
            .args(["robustness", "--help"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        help.contains("[default: 4000]") && !help.contains("else 100000"),
        "{help}"
    );
}

#[test]
fn two_different_options_cannot_share_a_slug_in_a_comparison() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.toml", "[scenario]\nname = \"Option A\"\n");
    let b = write(d.path(), "b.toml", "[scenario]\nname = \"Option-A\"\n");
    let o = bin()
        .args(["compare", "--runs", "200", "--out"])
        .arg(d.path().join("o"))
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("the same slug `option-a`"), "{err}");
}

/// A Ukrainian student's scenario name works; Chinese and Arabic names get
/// a stable hashed slug; Windows' device names are not slugs; invisible
/// characters that reorder or hide text are refused, located.
#[test]
fn names_in_any_script_get_a_usable_slug_and_invisible_characters_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    for (name, slug) in [
        ("Сили стримування", Some("syly-strymuvannia")),
        ("维和部队", None),
        ("قوة حفظ السلام", None),
        ("CON", Some("con-scenario")),
    ] {
        let f = write(
            d.path(),
            "s.toml",
            &format!("[scenario]\nname = \"{name}\"\n"),
        );
        let o = bin()
            .args([
                "run", "--runs", "200", "--charts", "none", "--json", "--out",
            ])
            .arg(&out)
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got = j["scenario"]["slug"].as_str().unwrap().to_string();
        match slug {
            Some(s) => assert_eq!(got, s),
            None => assert!(got.starts_with("scenario-") && got.len() == 17, "{got}"),
        }
        assert!(out.join(&got).join("summary.json").is_file());
    }
    for (text, at) in [
        ("name = \"Held \u{202E}%9.99\"", "2:8"),
        ("name = \"Zero\u{200B}width\"", "2:8"),
        ("name = \"ok\"\ndescription = \"a \u{2066}b\"", "3:15"),
    ] {
        let f = write(d.path(), "bidi.toml", &format!("[scenario]\n{text}\n"));
        let err = validate_fails(&f);
        assert!(
            err.contains("invisible character") && err.contains(&format!("bidi.toml:{at}")),
            "{err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn files_that_are_not_scenarios_are_said_to_be_so_and_never_echoed() {
    let d = tempfile::tempdir().unwrap();
    // README.md: one problem, not fifty TOML errors.
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let err = validate_fails(&readme);
    assert!(err.contains("is not a scenario file"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    // A link in a batch folder to a file that is not TOML is not read.
    let dir = d.path().join("lib");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(lib("rear-area-5k.toml"), dir.join("rear-area-5k.toml")).unwrap();
    write(d.path(), "private.txt", "password = hunter2\nline two {\n");
    std::os::unix::fs::symlink(d.path().join("private.txt"), dir.join("x.toml")).unwrap();
    let err = validate_fails(&dir);
    assert!(
        err.contains("not a .toml file") && !err.contains("hunter2"),
        "{err}"
    );
    // A newcomer's slips get the right suggestion.
    let f = write(
        d.path(),
        "p.toml",
        &format!("{HEAD}[russia]\npolicy = \"reinvasion\"\n[ceasefire]\nprobability = 45\n"),
    );
    let err = validate_fails(&f);
    assert!(err.contains("did you mean \"reinvade\"?"), "{err}");
    assert!(err.contains("did you mean 0.45?"), "{err}");
    let o = bin()
        .args([
            "sweep",
            lib("division-25k.toml").to_str().unwrap(),
            "--vary",
            "troops=1,2",
            "--out",
        ])
        .arg(d.path().join("o"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("force.troops"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn help_and_version_on_a_full_disk_are_not_a_success() {
    for arg in ["--help", "--version"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = Command::new(exe()).arg(arg).stdout(full).output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(3),
            "{arg}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // A closed pipe is still a quiet success.
    let o = Command::new(exe())
        .arg("--help")
        .stdout(closed_pipe())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

/// The examples and docs: installs honour the lock file (offline labs),
/// the Docker build context leaves out target/, and submit.sh without
/// sbatch leaves nothing behind.
#[test]
fn examples_and_docs_work_offline_and_leave_nothing_behind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in ["README.md", "docs/teaching.md", "docs/instructor.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains("cargo install") {
                assert!(line.contains("--locked"), "{doc}:{}: {line}", i + 1);
            }
        }
    }
    let ignore = std::fs::read_to_string(root.join(".dockerignore")).unwrap();
    assert!(
        ignore
            .lines()
            .any(|l| l.trim() == "target/" || l.trim() == "target")
    );
    let d = tempfile::tempdir().unwrap();
    let o = Command::new("bash")
        .arg(root.join("examples/slurm/submit.sh"))
        .args(["scenarios/coalition-baseline.toml", "1000", "2"])
        .current_dir(d.path())
        .env("PATH", "/usr/bin:/bin")
        .env("PARTS", d.path().join("parts"))
        .output()
        .unwrap();
    if which_sbatch() {
        return;
    }
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sbatch not found"));
    assert!(!d.path().join("parts").exists(), "no empty parts folder");
}

fn which_sbatch() -> bool {
    ["/usr/bin/sbatch", "/bin/sbatch"]
        .iter()
        .any(|p| Path::new(p).exists())
}

/// Two parts of `args` (a `run` or `compare` with `--shard K/2`) under
/// `dir`; their paths.
fn two_parts(args: &[&str], dir: &Path) -> Vec<PathBuf> {
    for k in 1..=2 {
        let o = bin()
            .args(args)
            .args([
                "--runs",
                "3000",
                "-q",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(dir)
            .output()
            .unwrap();
        succeeded(&o);
    }
    let slug = std::fs::read_dir(dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    (1..=2)
        .map(|k| slug.join(format!("part-{k}-of-2.json")))
        .collect()
}

/// `merge` of the first part and an edited copy of the second, which must
/// be refused with exit 2, a message naming what does not add up, and no
/// results folder at all. The message.
fn merge_edited(parts: &[PathBuf], edit: impl Fn(&mut serde_json::Value), d: &Path) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&parts[1]).unwrap()).unwrap();
    edit(&mut v);
    let edited = d.join("edited").join("part-2-of-2.json");
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    std::fs::write(&edited, serde_json::to_string(&v).unwrap()).unwrap();
    let out = d.join("merged");
    let o = bin()
        .arg("merge")
        .arg(&parts[0])
        .arg(&edited)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("damaged part file"), "{err}");
    assert!(!out.exists(), "a refused merge created {}", out.display());
    err
}

/// `merge` checks each part against the invariants of an honest part
/// (docs/model.md, "What a part file must satisfy") and adds with checked
/// arithmetic: counts moved between classes, a changed ceasefire or
/// deployed count, a monthly delta that no longer closes, a sum ×1000, a
/// joint table whose routes no longer match, and sums that would wrap are
/// all refused, before any results folder is made. The honest parts merge.
#[test]
fn merge_refuses_parts_whose_arithmetic_does_not_add_up() {
    use serde_json::Value;
    let d = tempfile::tempdir().unwrap();
    let run = two_parts(
        &["run", lib("coalition-baseline.toml").to_str().unwrap()],
        &d.path().join("r"),
    );
    let bump = |v: &mut Value, by: i64| *v = Value::from(v.as_i64().unwrap() + by);
    // A run moved from a quiet ceasefire to war: every family still adds up.
    let e = merge_edited(
        &run,
        |v| {
            let a = &mut v["data"]["aggregate"];
            bump(&mut a["peace"][0], -1);
            bump(&mut a["peace"][2], 1);
        },
        d.path(),
    );
    assert!(e.contains("states at the horizon disagree"), "{e}");
    for (key, what) in [
        ("ceasefires", "no month of ceasefire"),
        ("deployed", "deployed runs"),
    ] {
        let e = merge_edited(
            &run,
            |v| bump(&mut v["data"]["aggregate"][key], 1),
            d.path(),
        );
        assert!(e.contains(what), "{key}: {e}");
    }
    let e = merge_edited(
        &run,
        |v| bump(&mut v["data"]["aggregate"]["monthly_delta"][0][3], 1),
        d.path(),
    );
    assert!(e.contains("monthly counts"), "{e}");
    let e = merge_edited(
        &run,
        |v| {
            let h = &mut v["data"]["aggregate"]["metrics"][1];
            let sum: u128 = h["sum"].as_str().unwrap().parse().unwrap();
            h["sum"] = Value::from((sum * 1000).to_string());
        },
        d.path(),
    );
    assert!(e.contains("outside what its bins allow"), "{e}");
    // Sums that wrap a u128 when two parts are added.
    let huge = (1u128 << 127).to_string();
    let wrap = |v: &mut Value| v["data"]["aggregate"]["exposure"][3] = Value::from(huge.clone());
    let mut first: Value =
        serde_json::from_str(&std::fs::read_to_string(&run[0]).unwrap()).unwrap();
    wrap(&mut first);
    let wrapped = d.path().join("wrapped-1.json");
    std::fs::write(&wrapped, serde_json::to_string(&first).unwrap()).unwrap();
    let e = merge_edited(&[wrapped, run[1].clone()], wrap, d.path());
    assert!(e.contains("overflow"), "{e}");
    // A comparison whose joint table of collapse routes was edited.
    let cmp = two_parts(
        &[
            "compare",
            lib("no-force.toml").to_str().unwrap(),
            lib("coalition-baseline.toml").to_str().unwrap(),
        ],
        &d.path().join("c"),
    );
    let e = merge_edited(
        &cmp,
        |v| {
            let t = &mut v["data"]["paired"]["pairings"][0]["routes"];
            bump(&mut t[0][0], -1);
            bump(&mut t[0][1], 1);
        },
        d.path(),
    );
    assert!(e.contains("joint table"), "{e}");
    let e = merge_edited(
        &cmp,
        |v| {
            let s = &mut v["data"]["paired"]["pairings"][0]["sums"][1][0];
            let x: u128 = s.as_str().unwrap().parse().unwrap();
            *s = Value::from((x + 1).to_string());
        },
        d.path(),
    );
    assert!(e.contains("paired sums"), "{e}");
    // The honest parts merge.
    for parts in [&run, &cmp] {
        let o = bin()
            .arg("merge")
            .args(parts)
            .arg("--out")
            .arg(d.path().join("ok"))
            .arg("-q")
            .output()
            .unwrap();
        succeeded(&o);
    }
}

/// A figure counted over no run (an option with no force has no deployed
/// run) prints a dash for its mean and quantiles, in the terminal, the
/// Markdown and the page, never a 0 that reads as a measurement.
#[test]
fn a_figure_over_no_run_prints_a_dash_not_a_zero() {
    let d = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("run")
        .arg(lib("no-force.toml"))
        .args(["--runs", "500", "--charts", "none", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let md = std::fs::read_to_string(d.path().join("no-force/summary.md")).unwrap();
    let html = std::fs::read_to_string(d.path().join("no-force/report.html")).unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| Hostile deaths |"))
        .unwrap();
    assert_eq!(
        row,
        "| Hostile deaths | deaths | deployed runs | 0 | – | – | – | – | – | – |"
    );
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Hostile deaths"))
        .unwrap();
    assert_eq!(line.matches('–').count(), 6, "{line}");
    // Over all runs, the figures are numbers.
    let months = md
        .lines()
        .find(|l| l.starts_with("| Months of ceasefire |"))
        .unwrap();
    assert!(!months.contains('–'), "{months}");
    assert!(
        html.matches(">–<").count() >= 6,
        "the page shows the dash too"
    );
}

/// `run` of a scenario whose name makes the same folder name as another
/// scenario's results in `--out` says it replaced them; running the same
/// scenario again says nothing.
#[test]
fn run_says_when_it_replaces_another_scenarios_folder() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(lib("no-force.toml")).unwrap();
    let a = write(
        d.path(),
        "a.toml",
        &text.replacen("name = \"No force\"", "name = \"My option\"", 1),
    );
    let b = write(
        d.path(),
        "b.toml",
        &text.replacen("name = \"No force\"", "name = \"My option!\"", 1),
    );
    let run = |f: &Path| {
        let o = bin()
            .arg("run")
            .arg(f)
            .args(["--runs", "200", "--charts", "none", "-q", "--out"])
            .arg(d.path().join("out"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert_eq!(run(&a), "");
    assert_eq!(
        run(&a),
        "",
        "the same scenario again replaces its own results quietly"
    );
    let e = run(&b);
    assert!(
        e.contains("held the results of \"My option\"")
            && e.contains("a.toml")
            && e.contains("another `name`"),
        "{e}"
    );
    let summary = std::fs::read_to_string(d.path().join("out/my-option/summary.json")).unwrap();
    assert!(summary.contains("\"My option!\""));
}

/// With `REASSURE_SHARD_KEY` set, shards sign their parts (HMAC-SHA256) and
/// `merge` refuses a part whose provenance was edited, even with its
/// scenario hash recomputed, a part signed with another key and an
/// unsigned part; without the key it merges signed parts with a note.
#[test]
fn merge_with_a_shared_key_refuses_forged_provenance() {
    use sha2::{Digest, Sha256};
    let d = tempfile::tempdir().unwrap();
    let shard = |k: u32, key: Option<&str>, out: &Path| {
        let mut c = bin();
        c.arg("run")
            .arg(lib("coalition-baseline.toml"))
            .args([
                "--runs",
                "2000",
                "-q",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(out);
        match key {
            Some(key) => c.env("REASSURE_SHARD_KEY", key),
            None => c.env_remove("REASSURE_SHARD_KEY"),
        };
        assert_eq!(c.output().unwrap().status.code(), Some(0));
        out.join("coalition-baseline")
            .join(format!("part-{k}-of-2.json"))
    };
    let signed: Vec<PathBuf> = (1..=2)
        .map(|k| shard(k, Some("k1"), &d.path().join("s")))
        .collect();
    let plain: Vec<PathBuf> = (1..=2)
        .map(|k| shard(k, None, &d.path().join("p")))
        .collect();
    let merge = |parts: &[PathBuf], key: Option<&str>| {
        let mut c = bin();
        c.arg("merge")
            .args(parts)
            .arg("-q")
            .arg("--out")
            .arg(d.path().join("m"));
        match key {
            Some(key) => c.env("REASSURE_SHARD_KEY", key),
            None => c.env_remove("REASSURE_SHARD_KEY"),
        };
        let o = c.output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    assert_eq!(merge(&signed, Some("k1")).0, Some(0));
    let (code, e) = merge(&signed, None);
    assert_eq!(code, Some(0));
    assert!(e.contains("carry a MAC"), "{e}");
    let (code, e) = merge(&signed, Some("k2"));
    assert_eq!(code, Some(2));
    assert!(e.contains("MAC does not match"), "{e}");
    let (code, e) = merge(&plain, Some("k1"));
    assert_eq!(code, Some(2));
    assert!(e.contains("carries no MAC"), "{e}");
    // Forged provenance: the scenario's text and its hash edited together
    // in both parts. Only the key tells.
    let forged: Vec<PathBuf> = signed
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let mut v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(part).unwrap()).unwrap();
            let text = v["scenarios"][0]["text"]
                .as_str()
                .unwrap()
                .replace("Coalition baseline", "Coalition baselinf");
            let hash: String = Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            v["scenarios"][0]["text"] = text.into();
            v["scenarios"][0]["sha256"] = hash.into();
            let f = d.path().join(format!("forged-{}.json", i + 1));
            std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
            f
        })
        .collect();
    let (code, e) = merge(&forged, Some("k1"));
    assert_eq!(code, Some(2));
    assert!(e.contains("MAC does not match"), "{e}");
    assert_eq!(
        merge(&forged, None).0,
        Some(0),
        "without the key a forge cannot be told"
    );
}

/// Two options' files in `dir`: the coalition baseline and no force, with
/// the names and descriptions given.
fn named_pair(dir: &Path, names: [&str; 2], description: &str) -> [PathBuf; 2] {
    let files = ["coalition-baseline.toml", "no-force.toml"];
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    for (i, (file, name)) in files.iter().zip(names).enumerate() {
        let text = common::renamed(
            &std::fs::read_to_string(lib(file)).unwrap(),
            name,
            description,
        );
        // The first file's path carries a bell, a pipe, a link and a tag.
        let path = if i == 0 {
            dir.join("a\u{7}|[l](h) <b>.toml")
        } else {
            dir.join("b.toml")
        };
        std::fs::write(&path, text).unwrap();
        out.push(path);
    }
    [out[0].clone(), out[1].clone()]
}

/// Every command's Markdown, by path under `out`.
fn markdown_files(out: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, acc: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, acc);
            } else if p.extension().is_some_and(|x| x == "md") {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                acc.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut acc = Vec::new();
    walk(out, out, &mut acc);
    acc.sort();
    acc
}

/// Every command that writes Markdown, run on two options named `names`
/// and described by `description`, into `dir/out`; its Markdown files.
fn every_markdown(dir: &Path, names: [&str; 2], description: &str) -> Vec<(String, String)> {
    let folder = dir.join("lib");
    let [a, b] = named_pair(&folder, names, description);
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    let runs = ["--runs", "300", "--out", out];
    let commands: Vec<Vec<&str>> = vec![
        vec!["run", a],
        vec!["batch", folder.to_str().unwrap()],
        vec!["compare", a, b],
        vec!["sweep", a, "--vary", "force.troops=5000,10000"],
        vec!["sensitivity", a],
        vec!["discover", a, "--outcome", "war"],
        vec![
            "robustness",
            a,
            b,
            "--criterion",
            "ceasefire_at_horizon",
            "--runs",
            "60",
        ],
        vec!["narrate", a, "--count", "2"],
    ];
    for c in commands {
        let mut args = c.clone();
        if !args.contains(&"--runs") {
            args.extend(&runs[..2]);
        }
        args.extend(&runs[2..]);
        let o = bin().args(&args).output().unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = bin().args(["explain", a, "--out", out]).output().unwrap();
    succeeded(&o);
    markdown_files(Path::new(out))
}

/// A `|`, a link, raw HTML, an image, a comment and line breaks in names,
/// descriptions and a file path (with a bell in it) leave every Markdown
/// file the tool writes with the same headings, tables, lists, links and
/// images as plain names do, and no raw control character reaches a
/// Markdown or HTML file.
#[test]
fn reader_strings_cannot_reshape_any_markdown() {
    let evil = [
        "Evil | 99.9% | x](https://e.example) <img src=x onerror=alert(1)> *b* `t",
        "Друга опція | [link](http://x) <!-- c ~~s~~ $m$ # h",
    ];
    // The same letters, so the same slugs and links.
    let plain = evil.map(|n| {
        n.chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect::<String>()
    });
    let d = tempfile::tempdir().unwrap();
    let hostile = every_markdown(
        &d.path().join("hostile"),
        evil,
        "one\n# Injected heading\n<!-- hide the rest\n| a | b |\n|---|---|\n![i](http://x/i.png)\n    indented code",
    );
    let plain = every_markdown(
        &d.path().join("plain"),
        [&plain[0], &plain[1]],
        "A plain description.",
    );
    let names = |v: &[(String, String)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&hostile), names(&plain));
    assert!(hostile.len() >= 14, "{:?}", names(&hostile));
    for ((path, h), (_, p)) in hostile.iter().zip(&plain) {
        assert_eq!(common::md_shape(h), common::md_shape(p), "{path}:\n{h}");
    }
    fn no_control(dir: &Path) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                no_control(&p);
            } else if p.extension().is_some_and(|x| x == "md" || x == "html") {
                let t = std::fs::read_to_string(&p).unwrap();
                assert!(
                    !t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "a raw control character in {}",
                    p.display()
                );
            }
        }
    }
    no_control(&d.path().join("hostile/out"));
}
