//! Fitting the kubectl user's habits: shell completions, the man page, the kubectl plugin and
//! its krew manifest, and predict's kubectl-style `-o` flag.

mod common;

use common::kubedrill;
use std::path::Path;
use std::process::Command;

const NODES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/nodes.yaml");
const DAEMONSET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/fluent-bit.yaml");

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

const SUBCOMMANDS: &[&str] = &[
    "review",
    "quiz",
    "learn",
    "drill",
    "grade",
    "compare",
    "predict",
    "check",
    "decks",
    "export",
    "stats",
    "browse",
    "optimize",
    "leeches",
    "suspended",
    "unsuspend",
    "completions",
    "man",
    "sync",
];

#[test]
fn completions_name_every_subcommand_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&kubedrill(dir.path(), &["completions", shell]));
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
        // predict's flags are completed too.
        assert!(script.contains("daemonset"), "{shell}: no --daemonset");
    }
    let bad = kubedrill(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_bash_completion_completes_subcommands_in_bash() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("kubedrill.bash");
    std::fs::write(
        &script,
        stdout(&kubedrill(dir.path(), &["completions", "bash"])),
    )
    .unwrap();
    // What bash does on `kubedrill pre<Tab>`: call the registered function, read COMPREPLY.
    let probe = format!(
        "source {}; complete -p kubedrill >/dev/null || exit 3; COMP_WORDS=(kubedrill pre); COMP_CWORD=1; _kubedrill kubedrill pre kubedrill; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), "predict");
}

#[test]
fn the_man_page_covers_the_command_and_each_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let roff = stdout(&kubedrill(dir.path(), &["man"]));
    assert!(roff.contains(".TH kubedrill 1"), "{}", &roff[..200]);
    for sub in SUBCOMMANDS {
        assert!(
            roff.contains(&format!(".TH kubedrill-{sub} 1")),
            "no page for {sub}"
        );
    }
    let out_dir = dir.path().join("man1");
    stdout(&kubedrill(
        dir.path(),
        &["man", "--out", out_dir.to_str().unwrap()],
    ));
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files.len(), SUBCOMMANDS.len() + 1, "{files:?}");
    assert!(files.contains(&"kubedrill.1".to_owned()));
    assert!(files.contains(&"kubedrill-predict.1".to_owned()));
    let page = std::fs::read_to_string(out_dir.join("kubedrill-predict.1")).unwrap();
    assert!(page.contains("\\-\\-daemonset"), "{page}");
    // Rendered as man(1) would, where man is installed.
    if Command::new("man").arg("--version").output().is_ok() {
        let shown = Command::new("man")
            .args(["-l", out_dir.join("kubedrill-predict.1").to_str().unwrap()])
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        let text = stdout(&shown);
        assert!(
            text.contains("SYNOPSIS") && text.contains("--daemonset"),
            "{text}"
        );
    }
}

#[test]
fn predict_takes_kubectls_output_flag() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["predict", "-n", NODES, "-d", DAEMONSET, "--no-color"];
        args.extend_from_slice(extra);
        kubedrill(dir.path(), &args)
    };
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&["-o", "json"]))).unwrap();
    let synonym: serde_json::Value = serde_json::from_str(&stdout(&run(&["--json"]))).unwrap();
    assert_eq!(json, synonym);
    let yaml: serde_json::Value = serde_saphyr::from_str(&stdout(&run(&["-o", "yaml"]))).unwrap();
    assert_eq!(yaml, json, "-o yaml is the same object as -o json");
    let table = stdout(&run(&[]));
    assert_eq!(table, stdout(&run(&["-o", "table"])));
    let wide = stdout(&run(&["-o", "wide"]));
    let header = wide.lines().find(|l| l.starts_with("NODE")).unwrap();
    assert!(
        header.contains("TAINTS") && !table.contains("TAINTS"),
        "{wide}"
    );
    let cp = wide.lines().find(|l| l.starts_with("cp-1")).unwrap();
    assert!(
        cp.contains("node-role.kubernetes.io/control-plane:NoSchedule"),
        "{cp}"
    );
    assert!(
        wide.lines()
            .any(|l| l.starts_with("worker-1") && l.contains("<none>")),
        "{wide}"
    );
    assert!(
        wide.lines()
            .any(|l| l.starts_with("worker-3") && l.contains("cordoned")),
        "{wide}"
    );
    let both = run(&["-o", "yaml", "--json"]);
    assert_eq!(both.status.code(), Some(2));
}

/// kubectl, or a skip note where KUBEDRILL_SKIP_KUBECTL=1 says it may be missing (CI installs
/// Debian's kubernetes-client).
fn kubectl_available() -> bool {
    let problem = match Command::new("kubectl")
        .args(["version", "--client"])
        .output()
    {
        Ok(out) if out.status.success() => return true,
        Ok(out) => format!("`kubectl version --client` failed ({})", out.status),
        Err(e) => format!("kubectl did not run: {e}"),
    };
    if std::env::var_os("KUBEDRILL_SKIP_KUBECTL").is_some_and(|v| v == "1") {
        eprintln!("note: skipping the kubectl plugin test (KUBEDRILL_SKIP_KUBECTL=1): {problem}");
        return false;
    }
    panic!(
        "kubectl is not installed ({problem}): install it (e.g. `apt-get install kubernetes-client`; \
         CI installs it) to run this test, or set KUBEDRILL_SKIP_KUBECTL=1 to skip it"
    );
}

#[test]
fn kubectl_runs_the_plugin_like_kubedrill() {
    if !kubectl_available() {
        return;
    }
    // A folder holding only the plugin, as an install puts it on PATH (the build folder also
    // holds cargo's kubectl-kubedrill.d, which `kubectl plugin list` flags as not executable).
    let bin = tempfile::tempdir().unwrap();
    let plugin = bin.path().join("kubectl-kubedrill");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kubectl-kubedrill"), &plugin).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let data = tempfile::tempdir().unwrap();
    let kubectl = |args: &[&str]| {
        Command::new("kubectl")
            .args(args)
            .env("PATH", &path)
            .env("KUBEDRILL_DATA_DIR", data.path())
            .env("HOME", data.path())
            .output()
            .unwrap()
    };
    let list = stdout(&kubectl(&["plugin", "list"]));
    assert!(list.contains(plugin.to_str().unwrap()), "{list}");

    let predict = ["predict", "-n", NODES, "-d", DAEMONSET, "-o", "json"];
    let mut via_kubectl = vec!["kubedrill"];
    via_kubectl.extend_from_slice(&predict);
    assert_eq!(
        stdout(&kubectl(&via_kubectl)),
        stdout(&kubedrill(data.path(), &predict))
    );
    let help = stdout(&kubectl(&["kubedrill", "predict", "--help"]));
    assert!(help.contains("Usage: kubectl kubedrill predict"), "{help}");
    let missing = kubectl(&[
        "kubedrill",
        "predict",
        "-n",
        "/no/such/nodes.yaml",
        "-d",
        DAEMONSET,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let err = String::from_utf8(missing.stderr).unwrap();
    assert!(
        err.starts_with("kubectl kubedrill: cannot open /no/such/nodes.yaml"),
        "{err}"
    );
}

#[test]
fn the_krew_manifest_template_has_what_krew_requires() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plugins/kubedrill.yaml"),
    )
    .unwrap();
    // What krew-release-bot does on a tag: fill in the tag, then each archive's uri and sha256.
    let filled: String = text
        .lines()
        .map(|line| {
            let line = line.replace("{{ .TagName }}", "v1.2.3");
            match line.trim_start().strip_prefix("{{addURIAndSha \"") {
                Some(rest) => {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    let uri = rest.split('"').next().unwrap();
                    format!(
                        "{indent}uri: {uri}\n{indent}sha256: \"{}\"",
                        "ab".repeat(32)
                    )
                }
                None => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let m: serde_json::Value = serde_saphyr::from_str(&filled).unwrap();
    assert_eq!(
        m["apiVersion"],
        "krew.googlecontainertools.github.com/v1alpha2"
    );
    assert_eq!(m["kind"], "Plugin");
    assert_eq!(m["metadata"]["name"], "kubedrill");
    assert_eq!(m["spec"]["version"], "v1.2.3");
    assert!(
        m["spec"]["shortDescription"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(
        m["spec"]["homepage"]
            .as_str()
            .is_some_and(|s| s.starts_with("https://"))
    );
    let platforms = m["spec"]["platforms"].as_array().unwrap();
    assert!(platforms.len() >= 2);
    for p in platforms {
        let labels = &p["selector"]["matchLabels"];
        assert!(
            labels["os"].is_string() && labels["arch"].is_string(),
            "{p}"
        );
        let uri = p["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("https://") && uri.ends_with(".tar.gz"),
            "{uri}"
        );
        assert!(uri.contains("v1.2.3"), "{uri}");
        assert_eq!(p["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(p["bin"], "kubectl-kubedrill");
    }
}
