//! The base corpus (`tests/base/`, conventions in its README): every program is compiled by
//! native GHC and by `ahc-link` from the program's own directory with a relative path (as the
//! README says), run in a fresh empty directory with its `.stdin`, `.args` and `.env`, natively,
//! in node and in the embedded runner; stdout, stderr and exit code must be identical.
//! `tests/base/expected-failures.txt` lists the programs ahc does not run yet, each with its
//! reason: a program failing that is not listed, or a listed one that passes, fails the test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// The program's inputs.
struct Inputs {
    stdin: Option<PathBuf>,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

fn inputs(dir: &Path, name: &str) -> Inputs {
    let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).ok();
    let stdin = dir.join(format!("{name}.stdin"));
    Inputs {
        stdin: stdin.is_file().then_some(stdin),
        args: read("args")
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default(),
        env: read("env")
            .map(|s| {
                s.lines()
                    .filter_map(|l| l.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Runs `cmd` (program and leading arguments) with the inputs in a fresh directory `cwd`.
fn run(cmd: &[&std::ffi::OsStr], inp: &Inputs, cwd: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(cwd);
    std::fs::create_dir_all(cwd).unwrap();
    let mut c = Command::new(cmd[0]);
    c.args(&cmd[1..]).args(&inp.args).current_dir(cwd);
    for (k, v) in &inp.env {
        c.env(k, v);
    }
    c.stdin(match &inp.stdin {
        Some(p) => Stdio::from(std::fs::File::open(p).unwrap()),
        None => Stdio::null(),
    });
    let o = c.output().unwrap();
    Outcome {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o.status.code(),
    }
}

/// `None` if the program behaves as natively, else what differs.
fn check(name: &str, work: &Path) -> Option<String> {
    let dir = repo().join("tests/base");
    let file = format!("{name}.hs");
    let inp = inputs(&dir, name);
    let exe = work.join(name);
    let b = Command::new("ghc")
        .args(["-v0", "-O", "-rtsopts", "-outputdir"])
        .arg(work.join("native-build"))
        .arg("-o")
        .arg(&exe)
        .arg(&file)
        .current_dir(&dir)
        .output()
        .expect("run ghc");
    assert!(
        b.status.success(),
        "native ghc failed for {name}:\n{}",
        String::from_utf8_lossy(&b.stderr)
    );
    let native = run(&[exe.as_os_str()], &inp, &work.join("run-native"));
    let out = work.join("ahc");
    let l = Command::new(env!("CARGO_BIN_EXE_ahc-link"))
        .args(["--input-hs", &file, "--output-directory"])
        .arg(&out)
        .args(["--output-prefix", name])
        .current_dir(&dir)
        .output()
        .unwrap();
    if !l.status.success() {
        return Some(format!(
            "ahc-link failed: {}",
            String::from_utf8_lossy(&l.stderr).trim()
        ));
    }
    let mjs = out.join(format!("{name}.mjs"));
    let wasm = out.join(format!("{name}.wasm"));
    let node = run(
        &["node".as_ref(), mjs.as_os_str()],
        &inp,
        &work.join("run-node"),
    );
    if node != native {
        return Some(format!("node: {node:?}\nnative: {native:?}"));
    }
    let runner = run(
        &[
            env!("CARGO_BIN_EXE_ahc").as_ref(),
            "run".as_ref(),
            wasm.as_os_str(),
        ],
        &inp,
        &work.join("run-runner"),
    );
    if runner != native {
        return Some(format!("runner: {runner:?}\nnative: {native:?}"));
    }
    None
}

#[test]
fn base_corpus() {
    let dir = repo().join("tests/base");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: BTreeMap<String, String> =
        std::fs::read_to_string(dir.join("expected-failures.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (n, why) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                (n.to_string(), why.trim().to_string())
            })
            .collect();
    for n in expected.keys() {
        assert!(
            names.contains(n),
            "expected-failures.txt names {n}, which does not exist"
        );
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("base-corpus");
    let queue = Mutex::new(names.clone());
    let results = Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some(n) = queue.lock().unwrap().pop() else {
                    return;
                };
                let work = root.join(&n);
                let _ = std::fs::remove_dir_all(&work);
                std::fs::create_dir_all(&work).unwrap();
                let r = check(&n, &work);
                results.lock().unwrap().insert(n, r);
            });
        }
    });
    let results = results.into_inner().unwrap();
    let mut problems = Vec::new();
    let (mut passed, mut failed) = (0, 0);
    for (n, r) in &results {
        match (r, expected.get(n)) {
            (None, None) => passed += 1,
            (Some(_), Some(_)) => failed += 1,
            (Some(why), None) => {
                failed += 1;
                problems.push(format!("{n}: fails and is not an expected failure:\n{why}"));
            }
            (None, Some(_)) => {
                passed += 1;
                problems.push(format!(
                    "{n}: passes but is listed in expected-failures.txt: remove it"
                ));
            }
        }
    }
    eprintln!(
        "base corpus: {passed} passed, {failed} failed (expected failures: {})",
        expected.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
