//! The tmux harness of the end-to-end tests: a detached tmux server on a socket of its own runs a
//! shell; tests type into it with `send-keys` and read the screen with `capture-pane`, polling
//! against a deadline (never a fixed sleep).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one expected change on screen may take (a shared, loaded CI machine included).
pub const DEADLINE: Duration = Duration::from_secs(20);
pub const POLL: Duration = Duration::from_millis(50);
/// The shell's prompt: distinctive, so a screen showing it is the shell's and not the app's.
pub const PROMPT: &str = "kubedrill-e2e$";
/// Printed after the app exits: `kubedrill-e2e-exit=0`.
pub const EXIT_MARK: &str = "kubedrill-e2e-exit=";

/// Is tmux there? `false` means skip (the user asked to); no tmux otherwise is a failure.
pub fn tmux_available() -> bool {
    let problem = match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => return true,
        Ok(out) => format!("`tmux -V` failed ({})", out.status),
        Err(e) => format!("`tmux -V` did not run: {e}"),
    };
    if std::env::var_os("KUBEDRILL_SKIP_TMUX").is_some_and(|v| v == "1") {
        eprintln!("note: skipping the tmux end-to-end test (KUBEDRILL_SKIP_TMUX=1): {problem}");
        return false;
    }
    panic!(
        "tmux is not installed ({problem}): install tmux (e.g. `apt-get install tmux`; CI installs \
         it) to run this end-to-end test, or set KUBEDRILL_SKIP_TMUX=1 to skip it"
    );
}

/// One captured screen.
pub struct Screen(pub String);

impl Screen {
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.0.lines().map(str::trim_end)
    }

    /// The last non-blank line: the footer while the app runs, the prompt once it has quit.
    pub fn last_line(&self) -> &str {
        self.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("")
    }

    pub fn footer(&self) -> &str {
        self.last_line()
    }

    pub fn contains(&self, text: &str) -> bool {
        self.0.contains(text)
    }

    /// `N` of the review progress line `Review · N/M done`.
    pub fn done(&self) -> Option<usize> {
        // `Review · 3/20 done ████`: the words, then the progress bar.
        let line = self
            .lines()
            .find(|l| l.contains("Review ·") && l.contains(" done"))?;
        let before = &line[..line.find(" done")?];
        let counts = before.rsplit(' ').next()?;
        counts.split('/').next()?.parse().ok()
    }

    /// The id of the item on screen, from its header (`Deck title · deck/item ───`).
    /// The question on screen, by its first lines of text: the item id is shown only once a
    /// question is answered (an id can name its answer), so an unanswered question is told
    /// apart from another by what it asks.
    pub fn asked(&self) -> Option<String> {
        let header = self.lines().nth(2)?;
        if !header.contains('─') {
            return None;
        }
        let text: Vec<&str> = self.lines().skip(3).take(3).map(str::trim).collect();
        let text = text.join(" ").trim().to_owned();
        (!text.is_empty()).then_some(text)
    }

    /// The item id in the question's header, shown once the question is answered or revealed.
    pub fn item(&self) -> Option<String> {
        let header = self.lines().nth(2)?.trim_end_matches(['─', ' ']);
        let id = header.rsplit(' ').next()?;
        id.contains('/').then(|| id.to_owned())
    }

    /// The exit status the shell printed after the app quit.
    pub fn exit_status(&self) -> Option<&str> {
        self.lines().find_map(|l| l.strip_prefix(EXIT_MARK))
    }

    pub fn shell_is_back(&self) -> bool {
        self.last_line().trim() == PROMPT
    }
}

impl std::fmt::Display for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "┌{}", "─".repeat(40))?;
        for line in self.lines() {
            writeln!(f, "│{line}")?;
        }
        write!(f, "└{}", "─".repeat(40))
    }
}

/// A tmux server of our own (its own socket) with one window running a shell. Dropping it kills
/// the server, also when a test fails halfway.
pub struct Tmux {
    socket: String,
    /// The socket file, removed after the server (tmux leaves it behind).
    socket_path: Option<std::path::PathBuf>,
}

impl Tmux {
    /// Starts `sh` in `dir` in a `width`x`height` window; `env` is added to the shell's
    /// environment.
    pub fn start(name: &str, dir: &Path, width: u16, height: u16, env: &[(&str, &Path)]) -> Tmux {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "kubedrill-e2e-{}-{}-{name}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let mut tmux = Tmux {
            socket,
            socket_path: None,
        };
        let mut start = tmux.command();
        // The server (and so the shell) inherits this environment: nothing of the user's data,
        // config or decks leaks in, and the shell has a prompt we can recognise.
        start
            .env("HOME", dir)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("SHELL", "/bin/sh")
            .env("PS1", format!("{PROMPT} "))
            .env("NO_COLOR", "1")
            .env_remove("ENV")
            .env_remove("KUBEDRILL_DATA_DIR")
            .env_remove("KUBEDRILL_DECKS");
        for (key, value) in env {
            start.env(key, value);
        }
        start.args(["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x"]);
        start
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string());
        start.arg("-c").arg(dir);
        // tmux sets TERM in its panes; the app should see a common terminal instead.
        start.arg("env TERM=xterm-256color sh");
        let out = start.output().expect("run tmux new-session");
        assert_ok(&out, "tmux new-session");
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        tmux.socket_path = Some(String::from_utf8_lossy(&path.stdout).trim().into());
        tmux
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-L").arg(&self.socket).env_remove("TMUX");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let out = self
            .command()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("run tmux {args:?}: {e}"));
        assert_ok(&out, &format!("tmux {args:?}"));
        out
    }

    /// Keys by tmux name (`Space`, `Enter`, `Escape`, `u`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Literal text, typed as is.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    pub fn capture(&self) -> Screen {
        let out = self.run(&["capture-pane", "-p", "-t", "e2e"]);
        Screen(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Polls the screen until `ready` holds on two captures in a row that are the same: the app
    /// writes a frame in several pieces, and a capture between them shows half of each frame.
    /// Fails with the last screen at the deadline.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&Screen) -> bool) -> Screen {
        let start = Instant::now();
        let mut previous: Option<Screen> = None;
        loop {
            let screen = self.capture();
            if ready(&screen) && previous.as_ref().is_some_and(|p| p.0 == screen.0) {
                return screen;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out after {DEADLINE:?} waiting for {what}; the screen:\n{screen}");
            }
            previous = Some(screen);
            std::thread::sleep(POLL);
        }
    }

    /// Types a command line at the prompt (after waiting for it) and runs it; the shell prints
    /// the exit status after it.
    pub fn run_in_shell(&self, command_line: &str) {
        self.wait_for("the shell prompt", Screen::shell_is_back);
        self.type_text(&format!("{command_line}; echo {EXIT_MARK}$?"));
        self.keys(&["Enter"]);
    }

    /// Waits for the shell's prompt after the app quit and checks the app exited with 0.
    pub fn wait_for_exit(&self) -> Screen {
        let screen = self.wait_for("the shell prompt after quitting", |s| {
            s.exit_status().is_some() && s.shell_is_back()
        });
        assert_eq!(
            screen.exit_status(),
            Some("0"),
            "kubedrill did not exit with 0:\n{screen}"
        );
        screen
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Best effort: the server may be gone already.
        let _ = self
            .command()
            .arg("kill-server")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

pub fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A path quoted for `sh`.
pub fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Answers the item on screen with the keys its footer offers, and waits until the answer is
/// logged (the done counter moves on). Returns the screen then, and the item answered.
pub fn answer(tmux: &Tmux, screen: &Screen) -> (Screen, String) {
    let before = screen
        .done()
        .unwrap_or_else(|| panic!("no `N/M done` progress line:\n{screen}"));
    let footer = screen.footer();
    // The id, read from the header once the answer shows it (a flash card's on revealing).
    let mut item = screen.item();
    if footer.starts_with("Space reveal") {
        // Flash card: reveal, then grade Good.
        tmux.keys(&["Space"]);
        let revealed = tmux.wait_for("the grades after revealing", |s| {
            s.footer().starts_with("1-4/hjkl grade")
        });
        item = revealed.item();
        tmux.keys(&["3"]);
    } else if footer.starts_with("1-4/hjkl grade") {
        tmux.keys(&["3"]);
    } else if footer.starts_with("t true") {
        tmux.keys(&["t"]);
    } else if footer.starts_with("1-9 pick") {
        tmux.keys(&["1"]);
        tmux.keys(&["Enter"]);
    } else if footer.starts_with("j/k move") {
        // Placement: check with no node marked.
        tmux.keys(&["Enter"]);
    } else if footer.starts_with("Enter check") && screen.contains("answer:") {
        // Cloze: any word will do.
        tmux.type_text("pods");
        tmux.keys(&["Enter"]);
    } else {
        panic!("no known item kind from the footer {footer:?}:\n{screen}");
    }
    let after = tmux.wait_for(&format!("the counter to reach {}", before + 1), |s| {
        s.done() == Some(before + 1)
    });
    let item = item
        .or_else(|| after.item())
        .unwrap_or_else(|| panic!("no item id in the header once answered:\n{after}"));
    (after, item)
}

/// After a checked answer the verdict stays until Space; goes on to the next item.
pub fn go_on(tmux: &Tmux, screen: Screen) -> Screen {
    if !screen.footer().starts_with("Space next") {
        return screen;
    }
    tmux.keys(&["Space"]);
    tmux.wait_for("the next item after Space", |s| {
        s.done().is_some() && !s.footer().starts_with("Space next")
    })
}

impl Tmux {
    /// A tmux format of the pane (`#{alternate_on}`, `#{cursor_flag}`, `#{pane_pid}`).
    pub fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "e2e", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The process of the pane running `program` (the app), found in /proc among the pane's
    /// descendants (tmux runs the pane's command through `sh -c`, which runs our shell).
    pub fn pid_of(&self, program: &str) -> i32 {
        let pane: i32 = self.display("#{pane_pid}").parse().expect("the pane's pid");
        let start = Instant::now();
        loop {
            if let Some(pid) = descendant_running(pane, program) {
                return pid;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "no process {program} under the pane {pane}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits for the shell's prompt after the app ended, whatever its exit status.
    pub fn wait_for_end(&self) -> Screen {
        self.wait_for("the shell prompt after the app ended", |s| {
            s.exit_status().is_some() && s.shell_is_back()
        })
    }
}

/// Every process as (pid, parent pid, first word of its command line), from /proc.
fn processes() -> Vec<(i32, i32, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid: i32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // pid (comm) state ppid ...: the comm may hold spaces, so split after the last ')'.
            let ppid: i32 = stat
                .rsplit(')')
                .next()?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
            let program = cmdline.split(|b| *b == 0).next()?;
            Some((pid, ppid, String::from_utf8_lossy(program).into_owned()))
        })
        .collect()
}

fn descendant_running(root: i32, program: &str) -> Option<i32> {
    let all = processes();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (pid, ppid, prog) in &all {
            if *ppid == parent {
                if prog == program {
                    return Some(*pid);
                }
                frontier.push(*pid);
            }
        }
    }
    None
}
