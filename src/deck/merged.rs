//! Items merged away when the shipped decks were made one card per fact: the review history of
//! a removed duplicate counts for the card that kept the fact, so a learner who had studied
//! either keeps that memory. The log is never rewritten (it stays the source of truth); ids
//! are mapped when it is read. A cloze item maps gap by gap, and only where the gaps ask the
//! same thing.

/// (removed item, the item that now holds its fact).
pub const MERGED: &[(&str, &str)] = &[
    // The same card id in two decks: the copy that was not kept.
    (
        "interview-traps/resources-not-checked",
        "daemonset-scheduling/resources-not-checked",
    ),
    (
        "node-selection/preferred-affinity-ignored",
        "daemonset-scheduling/preferred-affinity-ignored",
    ),
    (
        "daemonset-spec/nodeselector-empty-value",
        "node-selection/nodeselector-empty-value",
    ),
    (
        "daemonset-spec/rolling-update-defaults#1",
        "updates-and-rollouts/rolling-update-defaults#1",
    ),
    (
        "daemonset-spec/rolling-update-defaults#2",
        "updates-and-rollouts/rolling-update-defaults#2",
    ),
    (
        "daemonset-spec/min-ready-seconds-meaning",
        "updates-and-rollouts/min-ready-seconds-meaning",
    ),
    (
        "updates-and-rollouts/revision-history-limit#1",
        "daemonset-spec/revision-history-limit#1",
    ),
    (
        "updates-and-rollouts/revision-history-limit#2",
        "daemonset-spec/revision-history-limit#2",
    ),
    (
        "daemonset-use-cases/system-is-a-convention",
        "system-and-user-daemonsets/system-is-a-convention",
    ),
    (
        "interview-traps/cordoned-node-gets-pod",
        "taints-and-tolerations/cordoned-node-gets-pod",
    ),
    (
        "interview-traps/required-affinity-replaced",
        "node-selection/required-affinity-replaced",
    ),
    (
        "interview-traps/empty-terms-list",
        "node-selection/empty-terms-list",
    ),
    (
        "interview-traps/broken-term-skipped",
        "node-selection/broken-term-skipped",
    ),
    (
        "interview-traps/toleration-seconds-zero",
        "taints-and-tolerations/toleration-seconds-zero",
    ),
    (
        "interview-traps/conditions-not-taints",
        "taints-and-tolerations/conditions-not-taints",
    ),
    (
        "interview-traps/relabel-removes-pod",
        "node-selection/relabel-removes-pod",
    ),
    (
        "taints-and-tolerations/misscheduled-noschedule",
        "status-and-kubectl/misscheduled-noschedule",
    ),
    // Near-duplicates: the card that kept the fact.
    (
        "daemonset-scheduling/never-pending-claim",
        "daemonset-basics/bypasses-scheduler-today",
    ),
    (
        "interview-traps/ds-pods-can-be-pending",
        "daemonset-basics/bypasses-scheduler-today",
    ),
    (
        "interview-traps/bypass-scheduler-outdated",
        "daemonset-scheduling/nodename-bypass-claim",
    ),
    (
        "interview-traps/scheduler-binds-since",
        "daemonset-scheduling/nodename-bypass-claim",
    ),
    (
        "daemonset-scheduling/pending-counts-current",
        "status-and-kubectl/current-counts-pending",
    ),
    (
        "daemonset-basics/no-replicas-field",
        "daemonset-basics/kubectl-scale-fails",
    ),
    (
        "status-and-kubectl/kubectl-scale-ds",
        "daemonset-basics/kubectl-scale-fails",
    ),
    (
        "workload-comparison/ds-kubectl-scale",
        "daemonset-basics/kubectl-scale-fails",
    ),
    (
        "daemonset-basics/hpa-on-daemonset",
        "workload-comparison/hpa-targets",
    ),
    (
        "status-and-kubectl/hpa-ds",
        "workload-comparison/hpa-targets",
    ),
    (
        "workload-comparison/ds-scale-to-zero",
        "daemonset-basics/scale-to-zero",
    ),
    (
        "daemonset-spec/max-surge-alone",
        "updates-and-rollouts/why-maxsurge-alone-fails",
    ),
    (
        "interview-traps/maxsurge-alone-rejected",
        "updates-and-rollouts/why-maxsurge-alone-fails",
    ),
    (
        "daemonset-spec/not-twenty-five-percent",
        "interview-traps/ds-defaults-not-25-percent",
    ),
    (
        "interview-traps/drain-skips-ds-pods",
        "taints-and-tolerations/drain-skips",
    ),
    (
        "status-and-kubectl/drain-ignore-daemonsets",
        "taints-and-tolerations/drain-skips",
    ),
    (
        "status-and-kubectl/why-drain-skips-ds",
        "status-and-kubectl/drain-without-flag",
    ),
    (
        "interview-traps/master-toleration-obsolete",
        "taints-and-tolerations/outdated-master-toleration",
    ),
    (
        "taints-and-tolerations/master-toleration-claim",
        "taints-and-tolerations/outdated-master-toleration",
    ),
    (
        "interview-traps/place-trap-control-plane",
        "taints-and-tolerations/outdated-master-toleration",
    ),
    (
        "daemonset-use-cases/flannel-style-cni",
        "system-and-user-daemonsets/place-flannel",
    ),
    (
        "taints-and-tolerations/flannel-style-tolerations",
        "system-and-user-daemonsets/place-flannel",
    ),
    (
        "daemonset-scheduling/critical-outside-kube-system",
        "system-and-user-daemonsets/critical-priority-outside-kube-system",
    ),
    (
        "workload-comparison/ds-update-order",
        "updates-and-rollouts/rollout-node-order",
    ),
    (
        "interview-traps/rollingupdate-default-history",
        "workload-comparison/beta-apis-ondelete",
    ),
    // Near-duplicates found on a second reading.
    (
        "daemonset-use-cases/kube-proxy-linux-only#1",
        "system-and-user-daemonsets/kube-proxy-linux-selector#1",
    ),
    (
        "status-and-kubectl/short-name-and-all",
        "daemonset-basics/short-name-and-get-all#2",
    ),
    (
        "status-and-kubectl/no-create-daemonset",
        "daemonset-basics/no-create-generator",
    ),
    (
        "status-and-kubectl/zero-pods-without-delete",
        "daemonset-basics/scale-to-zero",
    ),
    (
        "daemonset-use-cases/system-daemonsets-kube-system",
        "system-and-user-daemonsets/system-ds-always-kube-system",
    ),
    (
        "daemonset-use-cases/falco-privileged",
        "system-and-user-daemonsets/falco-privileged-default",
    ),
    (
        "daemonset-use-cases/fluent-bit-control-plane",
        "system-and-user-daemonsets/fluent-bit-on-control-plane",
    ),
    (
        "daemonset-use-cases/fluent-bit-default-chart",
        "system-and-user-daemonsets/place-fluent-bit-defaults",
    ),
    (
        "interview-traps/rolling-update-not-one-by-one",
        "updates-and-rollouts/one-node-at-a-time-claim",
    ),
    (
        "interview-traps/identical-toleration-overwritten",
        "taints-and-tolerations/user-copy-overwritten",
    ),
    (
        "daemonset-use-cases/node-local-dns-address",
        "system-and-user-daemonsets/node-local-dns-listen#1",
    ),
    (
        "daemonset-use-cases/node-local-dns-policy#1",
        "system-and-user-daemonsets/node-local-dns-listen#2",
    ),
    (
        "interview-traps/relabel-notes-wrong",
        "taints-and-tolerations/relabel-removes",
    ),
    (
        "node-selection/ignored-during-execution-relabel",
        "node-selection/relabel-removes-pod",
    ),
    (
        "interview-traps/cordon-does-not-block",
        "taints-and-tolerations/cordoned-node-gets-pod",
    ),
    (
        "interview-traps/network-unavailable-not-universal",
        "taints-and-tolerations/hostnetwork-network-unavailable",
    ),
    (
        "interview-traps/memory-pressure-noexecute",
        "taints-and-tolerations/custom-memory-pressure-noexecute",
    ),
    (
        "interview-traps/notready-node-no-new-pod",
        "taints-and-tolerations/new-notready-node",
    ),
    (
        "interview-traps/misscheduled-kept-pod",
        "status-and-kubectl/misscheduled-noschedule",
    ),
    (
        "interview-traps/prefer-no-schedule-ignored",
        "taints-and-tolerations/prefer-no-schedule",
    ),
    (
        "node-selection/notin-unlabelled-node",
        "interview-traps/notin-matches-missing-label",
    ),
    (
        "interview-traps/template-nodename-bypass",
        "daemonset-scheduling/template-nodename-exception",
    ),
    (
        "workload-comparison/ds-restart-policy",
        "daemonset-spec/restart-policy-onfailure",
    ),
    (
        "workload-comparison/max-unavailable-rounding#1",
        "updates-and-rollouts/ds-25-percent-of-10",
    ),
    (
        "workload-comparison/max-unavailable-rounding#2",
        "updates-and-rollouts/deployment-25-percent-of-10",
    ),
    (
        "updates-and-rollouts/history-storage",
        "workload-comparison/revision-storage",
    ),
    (
        "status-and-kubectl/rollout-pause-ds",
        "workload-comparison/rollout-pause-daemonset",
    ),
    (
        "daemonset-basics/orphans-adopted-by-selector",
        "status-and-kubectl/orphan-adoption",
    ),
    (
        "interview-traps/delete-ds-orphan",
        "status-and-kubectl/delete-cascade-modes#1",
    ),
];

/// The item a logged item id now counts for: itself, or the card its fact was merged into.
/// Called for every answer in the log at start-up, so the table is looked up by hash.
pub fn current_item(item: &str) -> &str {
    static BY_FROM: std::sync::OnceLock<std::collections::HashMap<&str, &str>> =
        std::sync::OnceLock::new();
    BY_FROM
        .get_or_init(|| MERGED.iter().copied().collect())
        .get(item)
        .copied()
        .unwrap_or(item)
}

/// The removed items whose history counts for `item` (the inverse of `current_item`): a
/// card's memory is folded from its own answers and theirs.
pub fn merged_into(item: &str) -> &'static [&'static str] {
    static BY_TO: std::sync::OnceLock<std::collections::HashMap<&str, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    BY_TO
        .get_or_init(|| {
            let mut by_to: std::collections::HashMap<&str, Vec<&'static str>> =
                std::collections::HashMap::new();
            for (from, to) in MERGED {
                by_to.entry(to).or_default().push(from);
            }
            by_to
        })
        .get(item)
        .map_or(&[], Vec::as_slice)
}

/// A hash of the whole mapping (FNV-1a): memory states kept from an earlier start were folded
/// through the mapping of that kubedrill, and a different one means folding them again.
pub fn merged_fingerprint() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (from, to) in MERGED {
        for byte in from.bytes().chain([0]).chain(to.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
