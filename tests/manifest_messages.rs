//! One table of bad manifests, each with what kubedrill says about it, exactly: the file, line
//! and column, the field's path, what it must be and what was written, in words a user knows
//! (no parser events, no library advice), and a hint where the mistake is a known one. Each
//! runs the real binary; every case exits 1.

use std::process::Command;

const GOOD_NODES: &str = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n";
const GOOD_DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n";

/// (what it is, which file is bad, its text, everything kubedrill prints).
const CASES: &[(&str, Bad, &str, &str)] = &[
    (
        "nodeselector lowercase",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      nodeselector: {disk: ssd}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:7: DaemonSet ops/agent: unknown field \"spec.template.spec.nodeselector\" (did you mean nodeSelector?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "toleration singular",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      toleration: [{operator: Exists}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:7: DaemonSet ops/agent: unknown field \"spec.template.spec.toleration\" (did you mean tolerations?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "nodeaffinity lowercase",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      affinity: {nodeaffinity: {}}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:18: DaemonSet ops/agent: unknown field \"spec.template.spec.affinity.nodeaffinity\" (did you mean nodeAffinity?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "tolerations at spec level",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  tolerations: [{operator: Exists}]\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:7:3: DaemonSet ops/agent: unknown field \"spec.tolerations\" (it belongs in spec.template.spec.tolerations)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "replicas on a DaemonSet",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:7:3: DaemonSet ops/agent: unknown field \"spec.replicas\" (a DaemonSet has no replicas: it runs one pod on every node it selects)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "updatestrategy case",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  updatestrategy: {type: OnDelete}\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:7:3: DaemonSet ops/agent: unknown field \"spec.updatestrategy\" (did you mean updateStrategy?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "rollingupdate misspelled",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpate: {maxUnavailable: 2}\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:9:5: DaemonSet ops/agent: unknown field \"spec.updateStrategy.rollingUpate\" (did you mean rollingUpdate?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "maxunavailable case",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  updateStrategy:\n    rollingUpdate: {maxunavailable: 2}\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:8:21: DaemonSet ops/agent: unknown field \"spec.updateStrategy.rollingUpdate.maxunavailable\" (did you mean maxUnavailable?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "container imagepullpolicy",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        imagepullpolicy: Always\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:9: DaemonSet ops/agent: unknown field \"spec.template.spec.containers[0].imagepullpolicy\" (did you mean imagePullPolicy?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "container port typo",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        ports: [{containerport: 80}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:18: DaemonSet ops/agent: unknown field \"spec.template.spec.containers[0].ports[0].containerport\" (did you mean containerPort?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "volumeMount typo",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        volumeMount: [{name: x, mountPath: /x}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:9: DaemonSet ops/agent: unknown field \"spec.template.spec.containers[0].volumeMount\" (did you mean volumeMounts?)\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "hostNetwork quoted true",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      hostNetwork: \"true\"\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:20: DaemonSet ops/agent: spec.template.spec.hostNetwork: must be a boolean, not the string \"true\" (remove the quotes)\n",
    ),
    (
        "hostNetwork quoted yes",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      hostNetwork: \"yes\"\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:20: DaemonSet ops/agent: spec.template.spec.hostNetwork: must be a boolean, not the string \"yes\" (remove the quotes)\n",
    ),
    (
        "hostPID a number",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      hostPID: 1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:16: DaemonSet ops/agent: spec.template.spec.hostPID: must be a boolean, not the number 1\n",
    ),
    (
        "nodeSelector unquoted true",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      nodeSelector: {gpu: true}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:27: DaemonSet ops/agent: spec.template.spec.nodeSelector.gpu: must be a string, not the boolean true (quote it to make it a string)\n",
    ),
    (
        "nodeSelector unquoted 1.20",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      nodeSelector: {version: 1.20}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:31: DaemonSet ops/agent: spec.template.spec.nodeSelector.version: must be a string, not the number 1.20 (quote it to make it a string)\n",
    ),
    (
        "nodeSelector unquoted yes",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      nodeSelector: {ssd: yes}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:27: DaemonSet ops/agent: spec.template.spec.nodeSelector.ssd: must be a string, not the boolean yes (quote it to make it a string)\n",
    ),
    (
        "nodeSelector a list",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      nodeSelector: [disk=ssd]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:21: DaemonSet ops/agent: spec.template.spec.nodeSelector: must be a mapping, not a list\n",
    ),
    (
        "toleration value unquoted true",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      tolerations: [{key: k, value: true, effect: NoSchedule}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:37: DaemonSet ops/agent: spec.template.spec.tolerations[0].value: must be a string, not the boolean true (quote it to make it a string)\n",
    ),
    (
        "tolerationSeconds quoted",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: \"60\"}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:86: DaemonSet ops/agent: spec.template.spec.tolerations[0].tolerationSeconds: must be an integer, not the string \"60\" (remove the quotes)\n",
    ),
    (
        "tolerationSeconds float",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 1.5}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:86: DaemonSet ops/agent: spec.template.spec.tolerations[0].tolerationSeconds: must be an integer, not the number 1.5\n",
    ),
    (
        "tolerations a mapping",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      tolerations: {key: k, operator: Exists}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:20: DaemonSet ops/agent: spec.template.spec.tolerations: must be a list, not a mapping\n",
    ),
    (
        "containerPort quoted",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        ports: [{containerPort: \"8080\"}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:33: DaemonSet ops/agent: spec.template.spec.containers[0].ports[0].containerPort: must be an integer, not the string \"8080\" (remove the quotes)\n",
    ),
    (
        "containerPort too big",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        ports: [{containerPort: 99999999999}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:33: DaemonSet ops/agent: spec.template.spec.containers[0].ports[0].containerPort: must be an integer from -2147483648 to 2147483647, not 99999999999\n",
    ),
    (
        "env value a number",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        env: [{name: LEVEL, value: 3}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:16:36: DaemonSet ops/agent: spec.template.spec.containers[0].env[0].value: must be a string, not the number 3 (quote it to make it a string)\n",
    ),
    (
        "label value unquoted true",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent, canary: true}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:11:36: DaemonSet ops/agent: spec.template.metadata.labels.canary: must be a string, not the boolean true (quote it to make it a string)\n",
    ),
    (
        "annotation a number",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\n  annotations: {revision: 3}\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:6:27: DaemonSet ops/agent: metadata.annotations.revision: must be a string, not the number 3 (quote it to make it a string)\n",
    ),
    (
        "name y is a boolean",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: y\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:4:9: DaemonSet ops/y: metadata.name: must be a string, not the boolean y (quote it to make it a string)\n",
    ),
    (
        "duplicate hostNetwork",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      hostNetwork: true\n      hostNetwork: false\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:17:7: DaemonSet ops/agent: duplicate field \"spec.template.spec.hostNetwork\"\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them\n",
    ),
    (
        "containers a mapping",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers: {name: agent, image: agent:1}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:13:19: DaemonSet ops/agent: spec.template.spec.containers: must be a list, not a mapping\n",
    ),
    (
        "minReadySeconds quoted",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  minReadySeconds: \"5\"\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:7:20: DaemonSet ops/agent: spec.minReadySeconds: must be an integer, not the string \"5\" (remove the quotes)\n",
    ),
    (
        "extensions/v1beta1",
        Bad::DaemonSet,
        "apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:1:13: DaemonSet ops/agent: apiVersion: extensions/v1beta1 no longer serves DaemonSets (removed in Kubernetes 1.16); use apiVersion: apps/v1, and note that extensions/v1beta1 defaulted updateStrategy to OnDelete and the selector to the template's labels, where apps/v1 defaults to RollingUpdate and requires spec.selector\n",
    ),
    (
        "apps/v1beta2",
        Bad::DaemonSet,
        "apiVersion: apps/v1beta2\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:1:13: DaemonSet ops/agent: apiVersion: apps/v1beta2 no longer serves DaemonSets (removed in Kubernetes 1.16); use apiVersion: apps/v1\n",
    ),
    (
        "apps/v1beta1",
        Bad::DaemonSet,
        "apiVersion: apps/v1beta1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:1:13: DaemonSet ops/agent: apiVersion: apps/v1beta1 never served DaemonSets; use apiVersion: apps/v1\n",
    ),
    (
        "no apiVersion",
        Bad::DaemonSet,
        "kind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:1:1: DaemonSet ops/agent: apiVersion: not set (kubectl apply refuses an object without one); a DaemonSet is apiVersion: apps/v1\n",
    ),
    (
        "several problems at once",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n      nodeselector: {a: b}\n      hostNetwork: \"true\"\n      tolerations: [{tolerationSeconds: \"5\"}]\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (3 problems):\nds.yaml:16:7: DaemonSet ops/agent: unknown field \"spec.template.spec.nodeselector\" (did you mean nodeSelector?)\nds.yaml:17:20: DaemonSet ops/agent: spec.template.spec.hostNetwork: must be a boolean, not the string \"true\" (remove the quotes)\nds.yaml:18:41: DaemonSet ops/agent: spec.template.spec.tolerations[0].tolerationSeconds: must be an integer, not the string \"5\" (remove the quotes)\n",
    ),
    (
        "helm template",
        Bad::DaemonSet,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: {{ .Values.image }}\n",
        "kubedrill: ds.yaml: the API server would refuse this manifest (1 problem):\nds.yaml:15:16: DaemonSet ops/agent: spec.template.spec.containers[0].image: must be a string, not a mapping\n{{ }} in the file: a Helm template? render it first: helm template RELEASE CHART | kubedrill predict -n NODES -d -\n",
    ),
    (
        "no DaemonSet, one ConfigMap",
        Bad::DaemonSet,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n",
        "kubedrill: ds.yaml: no DaemonSet found (it holds 1 other object: ConfigMap/settings)\n",
    ),
    (
        "no DaemonSet, two objects",
        Bad::DaemonSet,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n",
        "kubedrill: ds.yaml: no DaemonSet found (it holds 2 other objects: ConfigMap/a, Service/b)\n",
    ),
    (
        "node labels a list",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels: [a, b]\n",
        "kubedrill: nodes.yaml:5:11: metadata.labels: must be a mapping (key: value lines), not a list\n",
    ),
    (
        "node taints a mapping",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  taints: {key: a}\n",
        "kubedrill: nodes.yaml:6:11: spec.taints: must be a list (lines starting with -), not a mapping\n",
    ),
    (
        "node unschedulable maybe",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  unschedulable: maybe\n",
        "kubedrill: nodes.yaml:6:18: spec.unschedulable: must be true or false, not the string \"maybe\"\n",
    ),
    (
        "node label with no value",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels:\n    x:\n",
        "kubedrill: nodes.yaml:6:6: metadata.labels.x: must be a string, not null (nothing after the colon)\n",
    ),
    (
        "node kind null",
        Bad::Nodes,
        "apiVersion: v1\nkind: ~\nmetadata: {name: a}\n",
        "kubedrill: nodes.yaml:2:7: kind: must be a string, not null (nothing after the colon)\n",
    ),
    (
        "node without a name",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata: {}\n",
        "kubedrill: nodes.yaml: document 1: a Node has no metadata.name\n",
    ),
    (
        "node twice",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n",
        "kubedrill: nodes.yaml: node \"n1\" appears twice\n",
    ),
    (
        "node duplicate key",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  name: n2\n",
        "kubedrill: nodes.yaml:5:3: duplicate field \"metadata.name\"\n",
    ),
    (
        "kubectl table output",
        Bad::Nodes,
        "NAME     STATUS   ROLES           AGE   VERSION\ncp-1     Ready    control-plane   10d   v1.30.0\n",
        "kubedrill: nodes.yaml: this is kubectl's table output, which has no labels or taints; save the objects themselves with kubectl get nodes -o yaml (or -o json)\n",
    ),
    (
        "nesting too deep",
        Bad::Nodes,
        "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        "kubedrill: nodes.yaml:1:67: nested more than 64 levels deep; no Kubernetes object is, so kubedrill stops reading here\n",
    ),
    (
        "alias bomb",
        Bad::Nodes,
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
        "kubedrill: nodes.yaml:6:14: the file expands to far more values than its size holds (an alias repeated over and over?); kubedrill stops reading here\n",
    ),
    (
        "empty nodes file",
        Bad::Nodes,
        "\n\n",
        "kubedrill: nodes.yaml: the file is empty; expected YAML or JSON with Kubernetes objects\n",
    ),
    (
        "no node, a pod",
        Bad::Nodes,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
        "kubedrill: nodes.yaml: no Node found (expected a Node, a NodeList or List of Nodes, or a YAML stream of them)\n",
    ),
    (
        "object without a kind",
        Bad::Nodes,
        "apiVersion: v1\nmetadata: {name: a}\n",
        "kubedrill: nodes.yaml: document 1: the object has no `kind` (expected Node, DaemonSet, Pod or a List of them)\n",
    ),
    (
        "broken YAML",
        Bad::Nodes,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: [a\n",
        "kubedrill: nodes.yaml:4:9: unclosed bracket '['\n",
    ),
    (
        "json syntax error",
        Bad::Nodes,
        "{\"apiVersion\": \"v1\", \"kind\": \"Node\",}\n",
        "kubedrill: nodes.yaml: document 1: a Node has no metadata.name\n",
    ),
];

#[derive(Clone, Copy)]
enum Bad {
    Nodes,
    DaemonSet,
}

#[test]
fn every_bad_manifest_gets_its_exact_message() {
    assert!(CASES.len() >= 40);
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for (what, bad, text, want) in CASES {
        let (nodes, ds) = match bad {
            Bad::Nodes => (*text, GOOD_DS),
            Bad::DaemonSet => (GOOD_NODES, *text),
        };
        std::fs::write(dir.path().join("nodes.yaml"), nodes).unwrap();
        std::fs::write(dir.path().join("ds.yaml"), ds).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
            .args(["predict", "-n", "nodes.yaml", "-d", "ds.yaml"])
            .current_dir(dir.path())
            .env("LC_ALL", "C.UTF-8")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) || said != *want {
            wrong.push(format!(
                "{what}: exit {:?}\n  want {want:?}\n  got  {said:?}",
                out.status.code()
            ));
        }
        assert!(
            out.stdout.is_empty(),
            "{what}: no prediction for a refused input"
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
