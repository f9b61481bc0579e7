//! `kubedrill predict` takes its input as kubectl does (folders, repeated files, UTF-16 from
//! PowerShell, a NodeList read from the API), and says what it finds in words that hold: no
//! reason contradicts the node's outcome, a pod that runs but will not stay says so, and the
//! messages fit what was given (plurals, no node, a locale without UTF-8).

use std::path::Path;
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

const NODES: &str = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: a}\n  spec:\n    taints:\n    - {key: maint, effect: NoExecute}\n- apiVersion: v1\n  kind: Node\n  metadata: {name: b, labels: {disk: hdd}}\n  spec:\n    taints:\n    - {key: maint, effect: NoExecute}\n    - {key: dedicated, value: db, effect: NoSchedule}\n- apiVersion: v1\n  kind: Node\n  metadata: {name: c}\n  spec:\n    taints:\n    - {key: dedicated, value: db, effect: NoSchedule}\n    - {key: node-role.kubernetes.io/master, effect: NoSchedule}\n";

fn daemonset(name: &str, pod: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}, namespace: ops}}\nspec:\n  selector: {{matchLabels: {{app: a}}}}\n  template:\n    metadata: {{labels: {{app: a}}}}\n    spec:\n      containers: [{{name: a, image: a}}]\n{pod}"
    )
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kubedrill"));
    c.args(args).env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn outcome<'v>(report: &'v serde_json::Value, ds: usize, node: &str) -> &'v serde_json::Value {
    report["results"][ds]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == node)
        .unwrap()
}

#[test]
fn utf16_and_utf32_with_a_byte_order_mark_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let ds = write(dir.path(), "ds.yaml", daemonset("x", "").as_bytes());
    let plain = json(&run(
        &[
            "predict",
            "--json",
            "-n",
            &write(dir.path(), "n.yaml", NODES.as_bytes()),
            "-d",
            &ds,
        ],
        &[],
    ));
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(NODES.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(NODES.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let utf32le: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain(NODES.chars().flat_map(|c| (c as u32).to_le_bytes()))
        .collect();
    for (name, bytes) in [
        ("le.yaml", utf16le),
        ("be.yaml", utf16be),
        ("32.yaml", utf32le),
    ] {
        let nodes = write(dir.path(), name, &bytes);
        let report = json(&run(&["predict", "--json", "-n", &nodes, "-d", &ds], &[]));
        assert_eq!(report, plain, "{name}");
    }
}

#[test]
fn folders_and_repeated_files_read_as_kubectl_apply_f_does() {
    let dir = tempfile::tempdir().unwrap();
    let nodes_dir = dir.path().join("nodes");
    std::fs::create_dir(&nodes_dir).unwrap();
    write(&nodes_dir, "a.yaml", NODES.as_bytes());
    write(
        &nodes_dir,
        "b.json",
        br#"{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "d"}}"#,
    );
    write(&nodes_dir, "notes.txt", b"not read");
    let ds_dir = dir.path().join("ds");
    std::fs::create_dir(&ds_dir).unwrap();
    write(&ds_dir, "one.yaml", daemonset("one", "").as_bytes());
    let two = write(dir.path(), "two.yml", daemonset("two", "").as_bytes());
    let report = json(&run(
        &[
            "predict",
            "--json",
            "-n",
            nodes_dir.to_str().unwrap(),
            "-d",
            ds_dir.to_str().unwrap(),
            "-d",
            &two,
        ],
        &[],
    ));
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["daemonset"]["name"], "one");
    assert_eq!(results[1]["daemonset"]["name"], "two");
    assert_eq!(
        results[0]["nodes"].as_array().unwrap().len(),
        4,
        "a, b, c and d"
    );
}

#[test]
fn a_daemonset_given_twice_is_evaluated_once_as_the_later_one_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "n.yaml", NODES.as_bytes());
    let first = write(dir.path(), "first.yaml", daemonset("x", "").as_bytes());
    let later = write(
        dir.path(),
        "later.yaml",
        daemonset("x", "      tolerations: [{operator: Exists}]\n").as_bytes(),
    );
    let out = run(
        &[
            "predict", "--json", "-n", &nodes, "-d", &first, "-d", &later,
        ],
        &[],
    );
    let report = json(&out);
    assert_eq!(report["results"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["results"][0]["desiredNumberScheduled"], 3,
        "the later one tolerates all"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: DaemonSet ops/x is given twice")
            && err.contains("the later one is evaluated"),
        "{err}"
    );
}

/// A NodeList read from the API: items carry no kind, and a GPU node's label `08` and
/// allocatable `nvidia.com/gpu: 8` are read as written.
#[test]
fn a_nodelist_whose_items_have_no_kind_reads_with_every_value_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let ds = write(
        dir.path(),
        "ds.yaml",
        daemonset(
            "x",
            "      nodeSelector: {nvidia.com/cuda.driver-version.revision: \"08\"}\n",
        )
        .as_bytes(),
    );
    let nodes = Path::new(FIXTURES).join("nodelist-gpu-node.yaml");
    let report = json(&run(
        &[
            "predict",
            "--json",
            "-n",
            nodes.to_str().unwrap(),
            "-d",
            &ds,
        ],
        &[],
    ));
    let gpu = outcome(&report, 0, "ip-172-31-21-92-6");
    assert_eq!(gpu["outcome"], "runs", "{gpu}");
    assert_eq!(outcome(&report, 0, "repldev-marc-0")["outcome"], "no-pod");
}

/// Each reason fits the node's outcome, and a NoExecute taint tolerated for a while says the
/// pod will be deleted and made again.
#[test]
fn reasons_never_contradict_the_outcome_and_churn_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "n.yaml", NODES.as_bytes());
    let ds = write(
        dir.path(),
        "ds.yaml",
        daemonset(
            "x",
            "      tolerations:\n      - {key: maint, operator: Exists, effect: NoExecute, tolerationSeconds: 60}\n",
        )
        .as_bytes(),
    );
    let report = json(&run(&["predict", "--json", "-n", &nodes, "-d", &ds], &[]));
    let a = outcome(&report, 0, "a");
    assert_eq!(a["outcome"], "runs");
    let caution = a["cautions"][0]["message"].as_str().unwrap();
    assert!(
        caution.contains("tolerationSeconds: 60") && caution.contains("creates it again"),
        "{caution}"
    );
    let table = run(&["predict", "-n", &nodes, "-d", &ds], &[]);
    let text = String::from_utf8_lossy(&table.stdout);
    let line = text.lines().find(|l| l.starts_with("a ")).unwrap();
    assert!(
        line.contains("runs") && line.contains("tolerated only for"),
        "{line}"
    );

    // Untolerated NoExecute beside NoSchedule: the NoSchedule reason does not say the pod stays.
    let plain = write(dir.path(), "plain.yaml", daemonset("why", "").as_bytes());
    let report = json(&run(
        &["predict", "--json", "-n", &nodes, "-d", &plain],
        &[],
    ));
    for node in ["a", "b", "c"] {
        let n = outcome(&report, 0, node);
        let keeps = n["outcome"] == "keeps-existing";
        for r in n["reasons"].as_array().unwrap() {
            let says_keeps = r["message"].as_str().unwrap().contains("keeps running");
            assert_eq!(says_keeps, keeps, "{node}: {r}");
        }
    }
    assert_eq!(outcome(&report, 0, "b")["outcome"], "evicted");
    let master = outcome(&report, 0, "c")["reasons"][1]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        master.contains("add the toleration {key: node-role.kubernetes.io/master"),
        "{master}"
    );
}

#[test]
fn messages_fit_what_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "n.yaml", NODES.as_bytes());
    let only_cm = write(
        dir.path(),
        "cm.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n",
    );
    let out = run(&["predict", "-n", &nodes, "-d", &only_cm], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("(it holds 1 other object: ConfigMap/settings)"),
        "{err}"
    );

    let none = write(
        dir.path(),
        "none.yaml",
        daemonset("x", "      nodeSelector: {disk: nvme}\n").as_bytes(),
    );
    let utf8 = run(
        &["predict", "-n", &nodes, "-d", &none],
        &[("LC_ALL", "C.UTF-8")],
    );
    let text = String::from_utf8_lossy(&utf8.stdout);
    assert!(
        text.contains("rollout: RollingUpdate, but no node gets a pod: nothing to roll out"),
        "{text}"
    );
    let ds = write(
        dir.path(),
        "ds.yaml",
        daemonset("why", "      tolerations: [{operator: Exists}]\n").as_bytes(),
    );
    let utf8 = run(
        &["predict", "-n", &nodes, "-d", &ds],
        &[("LC_ALL", "en_US.UTF-8")],
    );
    assert!(String::from_utf8_lossy(&utf8.stdout).contains("3 nodes → 1 at a time"));
    let ascii = run(&["predict", "-n", &nodes, "-d", &ds], &[("LC_ALL", "C")]);
    let text = String::from_utf8_lossy(&ascii.stdout);
    assert!(
        text.contains("3 nodes -> 1 at a time") && text.is_ascii(),
        "{text}"
    );
}

/// Files of 1 MiB and more are mapped rather than read (commands/predict.rs): the report is the
/// one the same bytes give through stdin (always read), UTF-16 in a large file is still decoded,
/// and an error's line and column count from the file's start.
#[test]
fn a_large_file_is_mapped_and_reads_as_the_same_bytes_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let ds = write(dir.path(), "ds.yaml", daemonset("x", "").as_bytes());
    let padding = "# padding to pass the size from which predict maps a file\n".repeat(20_000);
    let big = format!("{padding}{NODES}");
    assert!(big.len() > 1 << 20);
    let mapped = json(&run(
        &[
            "predict",
            "--json",
            "-n",
            &write(dir.path(), "big.yaml", big.as_bytes()),
            "-d",
            &ds,
        ],
        &[],
    ));
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .args(["predict", "--json", "-n", "-", "-d", &ds])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = big.clone();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, text.as_bytes()));
    let from_stdin = json(&child.wait_with_output().unwrap());
    writer.join().unwrap().unwrap();
    assert_eq!(mapped, from_stdin);
    assert_eq!(mapped["results"][0]["nodes"].as_array().unwrap().len(), 3);

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(big.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let nodes = write(dir.path(), "big16.yaml", &utf16);
    assert_eq!(
        json(&run(&["predict", "--json", "-n", &nodes, "-d", &ds], &[])),
        mapped
    );

    let broken = format!("{padding}apiVersion: v1\nkind: Node\nmetadata: {{name: [}}\n");
    let nodes = write(dir.path(), "broken.yaml", broken.as_bytes());
    let out = run(&["predict", "-n", &nodes, "-d", &ds], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.yaml:20003:"), "{err}");
}
