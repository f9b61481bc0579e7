//! Strict manifests through the real binary: `kubedrill predict` reads a DaemonSet as the API
//! server decodes it (strict field validation, kubectl's default since 1.25), so a misspelled
//! field, a value of the wrong type or an apiVersion that no longer serves DaemonSets never gets
//! a confident answer; `--validate warn|ignore` behave as kubectl's. Real vendors' shapes of
//! DaemonSet raise no false alarm.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VENDOR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vendor");

const NODES: &str = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: cp-1\n    labels: {kubernetes.io/os: linux, node-role.kubernetes.io/control-plane: ''}\n  spec:\n    taints:\n    - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: worker-1\n    labels: {kubernetes.io/os: linux, disk: ssd}\n";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A DaemonSet whose pod spec is `pod` (indented under `spec.template.spec`).
fn daemonset(pod: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {{app: agent}}\n  template:\n    metadata:\n      labels: {{app: agent}}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n{pod}"
    )
}

#[test]
fn real_vendor_shapes_raise_no_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "nodes.yaml", NODES);
    let mut files: Vec<PathBuf> = std::fs::read_dir(VENDOR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for file in files {
        let out = run(&["predict", "-n", &nodes, "-d", file.to_str().unwrap()]);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}: {:?}\n{}",
            file.display(),
            out.status,
            stderr(&out)
        );
    }
}

/// Each bad DaemonSet and what kubedrill says, in full. The positions are the field's own.
#[test]
fn every_refusal_names_the_file_line_field_and_fix() {
    let cases: &[(&str, &[&str])] = &[
        (
            "      nodeselector:\n        disk: ssd\n",
            &[
                "ds.yaml:16:7: DaemonSet ops/agent: unknown field \"spec.template.spec.nodeselector\" (did you mean nodeSelector?)",
            ],
        ),
        (
            "      toleration:\n      - operator: Exists\n",
            &[
                "ds.yaml:16:7: DaemonSet ops/agent: unknown field \"spec.template.spec.toleration\" (did you mean tolerations?)",
            ],
        ),
        (
            "      affinity:\n        nodeaffinity: {}\n",
            &[
                "ds.yaml:17:9: DaemonSet ops/agent: unknown field \"spec.template.spec.affinity.nodeaffinity\" (did you mean nodeAffinity?)",
            ],
        ),
        (
            "      hostNetwork: \"true\"\n",
            &[
                "ds.yaml:16:20: DaemonSet ops/agent: spec.template.spec.hostNetwork: must be a boolean, not the string \"true\" (remove the quotes)",
            ],
        ),
        (
            "      hostNetwork: \"yes\"\n",
            &[
                "ds.yaml:16:20: DaemonSet ops/agent: spec.template.spec.hostNetwork: must be a boolean, not the string \"yes\" (remove the quotes)",
            ],
        ),
        (
            "      nodeSelector:\n        gpu: true\n        version: 1.20\n        rack: 1\n",
            &[
                "ds.yaml:17:14: DaemonSet ops/agent: spec.template.spec.nodeSelector.gpu: must be a string, not the boolean true (quote it to make it a string)",
                "ds.yaml:18:18: DaemonSet ops/agent: spec.template.spec.nodeSelector.version: must be a string, not the number 1.20 (quote it to make it a string)",
                "ds.yaml:19:15: DaemonSet ops/agent: spec.template.spec.nodeSelector.rack: must be a string, not the number 1 (quote it to make it a string)",
            ],
        ),
        (
            "      tolerations:\n      - key: dedicated\n        value: yes\n        effect: NoSchedule\n      - operator: Exists\n        effect: NoExecute\n        tolerationSeconds: \"60\"\n",
            &[
                "ds.yaml:18:16: DaemonSet ops/agent: spec.template.spec.tolerations[0].value: must be a string, not the boolean yes (quote it to make it a string)",
                "ds.yaml:22:28: DaemonSet ops/agent: spec.template.spec.tolerations[1].tolerationSeconds: must be an integer, not the string \"60\" (remove the quotes)",
            ],
        ),
        (
            "        ports:\n        - containerPort: \"8080\"\n",
            &[
                "ds.yaml:17:26: DaemonSet ops/agent: spec.template.spec.containers[0].ports[0].containerPort: must be an integer, not the string \"8080\" (remove the quotes)",
            ],
        ),
        (
            "        env:\n        - name: LEVEL\n          value: 3\n",
            &[
                "ds.yaml:18:18: DaemonSet ops/agent: spec.template.spec.containers[0].env[0].value: must be a string, not the number 3 (quote it to make it a string)",
            ],
        ),
        (
            "      hostNetwork: true\n      hostNetwork: false\n",
            &[
                "ds.yaml:17:7: DaemonSet ops/agent: duplicate field \"spec.template.spec.hostNetwork\"",
            ],
        ),
        (
            "      containers: {name: b}\n",
            &[
                "ds.yaml:16:7: DaemonSet ops/agent: duplicate field \"spec.template.spec.containers\"",
            ],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "nodes.yaml", NODES);
    for (pod, want) in cases {
        let ds = write(dir.path(), "ds.yaml", &daemonset(pod));
        let out = run(&["predict", "-n", &nodes, "-d", &ds]);
        assert_eq!(out.status.code(), Some(1), "{pod}: {}", stderr(&out));
        let text = stderr(&out).replace(&format!("{}/", dir.path().display()), "");
        let lines: Vec<&str> = text.lines().skip(1).take(want.len()).collect();
        assert_eq!(lines, *want, "{pod}\n{text}");
        assert!(
            out.stdout.is_empty(),
            "no prediction for a refused manifest"
        );
    }
}

#[test]
fn old_api_versions_are_refused_with_the_one_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "nodes.yaml", NODES);
    for (version, said) in [
        (
            "extensions/v1beta1",
            "apiVersion: extensions/v1beta1 no longer serves DaemonSets (removed in Kubernetes 1.16",
        ),
        (
            "apps/v1beta2",
            "apiVersion: apps/v1beta2 no longer serves DaemonSets (removed in Kubernetes 1.16",
        ),
        (
            "apps/v1beta1",
            "apiVersion: apps/v1beta1 never served DaemonSets; use apiVersion: apps/v1",
        ),
    ] {
        let ds = write(
            dir.path(),
            "ds.yaml",
            &daemonset("").replace("apps/v1", version),
        );
        for mode in ["strict", "warn", "ignore"] {
            let out = run(&["predict", "-n", &nodes, "-d", &ds, "--validate", mode]);
            assert_eq!(out.status.code(), Some(1), "{version} {mode}");
            assert!(stderr(&out).contains(said), "{version}: {}", stderr(&out));
        }
    }
}

/// kubectl's --validate: strict refuses unknown fields (exit 1), warn says so and predicts for
/// the object without them, ignore predicts silently. A wrong type is refused in every mode.
#[test]
fn validate_modes_as_kubectl() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "nodes.yaml", NODES);
    let ds = write(
        dir.path(),
        "ds.yaml",
        &daemonset("      nodeselector:\n        disk: ssd\n"),
    );
    let strict = run(&["predict", "-n", &nodes, "-d", &ds]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("--validate=warn reads the manifest without them"));

    let warn = run(&[
        "predict",
        "-n",
        &nodes,
        "-d",
        &ds,
        "--validate",
        "warn",
        "--json",
    ]);
    assert!(warn.status.success(), "{}", stderr(&warn));
    assert!(
        stderr(&warn).contains(
            "kubedrill: warning: ",
        ) && stderr(&warn).contains("unknown field \"spec.template.spec.nodeselector\" (did you mean nodeSelector?) (left out)"),
        "{}",
        stderr(&warn)
    );
    let report: serde_json::Value = serde_json::from_slice(&warn.stdout).unwrap();
    // Without the misspelled selector the pod goes to every node whose taints allow it.
    assert_eq!(report["results"][0]["desiredNumberScheduled"], 1);

    let ignore = run(&["predict", "-n", &nodes, "-d", &ds, "--validate", "ignore"]);
    assert!(ignore.status.success());
    assert!(ignore.stderr.is_empty(), "{}", stderr(&ignore));

    let typed = write(
        dir.path(),
        "typed.yaml",
        &daemonset("      hostNetwork: \"true\"\n"),
    );
    for mode in ["strict", "warn", "ignore"] {
        let out = run(&["predict", "-n", &nodes, "-d", &typed, "--validate", mode]);
        assert_eq!(out.status.code(), Some(1), "{mode}");
        assert!(
            stderr(&out).contains("must be a boolean"),
            "{}",
            stderr(&out)
        );
    }
}

/// A misspelled field inside a placement card is an error at its line in the deck.
#[test]
fn check_reports_a_misspelled_field_in_a_card_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"c\"\nkind = \"placement\"\nprompt = \"Which nodes?\"\nnodes = '''\napiVersion: v1\nkind: Node\nmetadata: {name: a}\n'''\ndaemonset = '''\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      nodeselector: {disk: ssd}\n      containers: [{name: x, image: x}]\n'''\n";
    let file = write(dir.path(), "mine.toml", deck);
    let out = run(&["check", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out) + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("mine.toml:23:7: card \"c\": `daemonset` YAML: unknown field \"spec.template.spec.nodeselector\" (did you mean nodeSelector?)"),
        "{text}"
    );
}

/// The pods `--pods` reads are decoded as strictly as the DaemonSets.
#[test]
fn pods_are_read_as_strictly() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "nodes.yaml", NODES);
    let ds = write(dir.path(), "ds.yaml", &daemonset(""));
    let pods = write(
        dir.path(),
        "pods.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ops}\nspec:\n  nodename: worker-1\n  containers: [{name: c, image: c}]\n",
    );
    let out = run(&[
        "predict",
        "-n",
        &nodes,
        "-d",
        &ds,
        "--scheduler",
        "--pods",
        &pods,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "pods.yaml:5:3: Pod ops/p: unknown field \"spec.nodename\" (did you mean nodeName?)"
        ),
        "{}",
        stderr(&out)
    );
}
