//! Running cargo and programs with a time limit, so that nothing a learner writes can hang a
//! command: each child leads a process group of its own, and a timeout ends the whole group.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// What a finished (or stopped) process left behind.
#[derive(Debug)]
pub struct Outcome {
    pub success: bool,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

/// `cargo` as the one running us, or from PATH; run in the workspace root.
pub fn cargo(root: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root);
    command
}

/// The workspace's target folder.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Runs `command` to the end or until `limit` passes, capturing its output.
pub fn run(mut command: Command, limit: Duration) -> Result<Outcome> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // Its own process group, so a timeout stops cargo and the test binary it started.
        use std::os::unix::process::CommandExt as _;
        command.process_group(0);
    }
    let started = Instant::now();
    let mut child = command.spawn().with_context(|| format!("starting {command:?}"))?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() >= limit {
            timed_out = true;
            kill_group(&mut child);
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Outcome {
        success: status.success() && !timed_out,
        timed_out,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        took: started.elapsed(),
    })
}

/// Starts `command` as the leader of a process group of its own, so that [`stop`] can end it
/// and everything it starts (cargo, and the test binary cargo runs).
pub fn spawn(mut command: Command) -> Result<std::process::Child> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        command.process_group(0);
    }
    command.spawn().with_context(|| format!("starting {command:?}"))
}

/// Ends a child started by [`spawn`] (or [`run`]) and its process group, and reaps it.
pub fn stop(child: &mut std::process::Child) {
    kill_group(child);
    let _ = child.wait();
}

/// Ends a timed-out child and everything it started: the child leads its own process group
/// (see [`run`]), so the group's id is the child's pid, and nothing outside the group is touched.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Some(group) = rustix::process::Pid::from_raw(child.id() as i32) {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
    }
    let _ = child.kill();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn alive(pid: i32) -> bool {
        // A zombie still has a /proc entry; count it as gone.
        fs_err::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        })
    }

    #[test]
    fn a_timeout_ends_the_child_and_its_children_and_nothing_else() {
        // A bystander outside the group: it must survive.
        let mut bystander = Command::new("sleep").arg("30").spawn().unwrap();
        // Cargo's scratch folder for tests: a fresh clone, or a build into another target
        // folder, has none yet.
        let scratch = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tmp");
        fs_err::create_dir_all(&scratch).unwrap();
        let pids = scratch.join(format!("workbook-kill-test-{}", std::process::id()));
        let mut tree = Command::new("sh");
        tree.arg("-c")
            .arg(format!("sleep 30 & echo $! > {}; sleep 30", pids.display()));
        let outcome = run(tree, Duration::from_millis(500)).unwrap();
        assert!(outcome.timed_out && !outcome.success);
        assert!(outcome.took < Duration::from_secs(5), "took {:?}", outcome.took);
        let grandchild: i32 = fs_err::read_to_string(&pids).unwrap().trim().parse().unwrap();
        let _ = fs_err::remove_file(&pids);
        let deadline = Instant::now() + Duration::from_secs(5);
        while alive(grandchild) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            !alive(grandchild),
            "the child's own child {grandchild} outlived the timeout"
        );
        assert!(
            bystander.try_wait().unwrap().is_none(),
            "a process outside the group was signalled"
        );
        bystander.kill().unwrap();
        bystander.wait().unwrap();
    }
}
