//! Rolling-update arithmetic: defaults (placement-spec R11), percentage resolution and rounding
//! (R13), and the Deployment contrast (R14). Validation (R12) lives in `validation`.

use super::objects::{IntOrString, RollingUpdateDaemonSet, UpdateStrategy};
use thiserror::Error;

pub const ROLLING_UPDATE: &str = "RollingUpdate";
pub const ON_DELETE: &str = "OnDelete";

/// `intstr.GetScaledValueFromIntOrPercent`'s errors, in Kubernetes' words.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScaleError {
    #[error("invalid value for IntOrString: invalid type: string is not a percentage")]
    NotAPercentage,
    #[error("invalid value for IntOrString: invalid value {0:?}: not an integer percentage")]
    BadPercentage(String),
    #[error("nil value for IntOrString")]
    Missing,
}

/// R11 (`SetDefaults_DaemonSet`): type RollingUpdate; for RollingUpdate, maxUnavailable 1 and
/// maxSurge 0 where unset. OnDelete gets no rollingUpdate defaults.
pub fn daemonset_defaults(strategy: Option<&UpdateStrategy>) -> UpdateStrategy {
    let mut s = strategy.cloned().unwrap_or_default();
    if s.kind.is_empty() {
        s.kind = ROLLING_UPDATE.to_owned();
    }
    if s.kind == ROLLING_UPDATE {
        let ru = s
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    s
}

/// R13 (`GetScaledValueFromIntOrPercent`): an int as is; `"p%"` of `total`, rounded up or down.
pub fn scaled_value(value: &IntOrString, total: i64, round_up: bool) -> Result<i64, ScaleError> {
    match value {
        IntOrString::Int(i) => Ok(*i),
        IntOrString::Str(s) => {
            let digits = s.strip_suffix('%').ok_or(ScaleError::NotAPercentage)?;
            let p: i64 = digits
                .parse()
                .map_err(|_| ScaleError::BadPercentage(s.clone()))?;
            // Go computes this in float64; so do we, to round exactly as it does.
            let exact = p as f64 * total as f64 / 100.0;
            Ok(if round_up {
                exact.ceil()
            } else {
                exact.floor()
            } as i64)
        }
    }
}

/// A DaemonSet's resolved rolling-update budget for one desired count (R13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonSetBudget {
    pub strategy: String,
    pub desired: i64,
    pub max_unavailable: i64,
    pub max_surge: i64,
    /// The written (or defaulted) values, for explanations.
    pub max_unavailable_value: Option<IntOrString>,
    pub max_surge_value: Option<IntOrString>,
    /// `updatedDesiredNodeCounts` turned 0/0 into maxUnavailable 1.
    pub fallback: bool,
}

/// R13 (`UnavailableCount`, `SurgeCount`, `updatedDesiredNodeCounts`): both rounded up against
/// `desired` (desiredNumberScheduled); 0 for OnDelete; 0/0 with desired > 0 becomes 1/0.
pub fn daemonset_budget(
    strategy: Option<&UpdateStrategy>,
    desired: i64,
) -> Result<DaemonSetBudget, ScaleError> {
    let s = daemonset_defaults(strategy);
    let ru = s
        .rolling_update
        .as_ref()
        .filter(|_| s.kind == ROLLING_UPDATE);
    let (mut unavailable, surge) = match ru {
        None => (0, 0),
        Some(ru) => {
            let u = ru.max_unavailable.as_ref().ok_or(ScaleError::Missing)?;
            let su = ru
                .max_surge
                .as_ref()
                .map_or(Ok(0), |v| scaled_value(v, desired, true))?;
            (scaled_value(u, desired, true)?, su)
        }
    };
    let fallback = s.kind == ROLLING_UPDATE && desired > 0 && unavailable == 0 && surge == 0;
    if fallback {
        unavailable = 1;
    }
    Ok(DaemonSetBudget {
        desired,
        max_unavailable: unavailable,
        max_surge: surge,
        max_unavailable_value: ru.and_then(|r| r.max_unavailable.clone()),
        max_surge_value: ru.and_then(|r| r.max_surge.clone()),
        fallback,
        strategy: s.kind,
    })
}

impl DaemonSetBudget {
    /// One line a learner reads: "maxUnavailable 25% of 10 nodes → 3 at a time".
    pub fn explain(&self) -> String {
        if self.strategy == ON_DELETE {
            return "OnDelete: pods are replaced only when you delete them".to_owned();
        }
        if self.strategy != ROLLING_UPDATE {
            return format!(
                "updateStrategy {:?} is not RollingUpdate or OnDelete",
                self.strategy
            );
        }
        if self.desired == 0 {
            return "RollingUpdate, but no node gets a pod: nothing to roll out".to_owned();
        }
        let nodes = plural(self.desired, "node");
        if self.max_surge > 0 {
            let v = self
                .max_surge_value
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            return format!(
                "maxSurge {v} of {nodes} → {} extra {} at a time, each old pod deleted once its replacement is available",
                self.max_surge,
                if self.max_surge == 1 { "pod" } else { "pods" }
            );
        }
        let v = self
            .max_unavailable_value
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let tail = if self.fallback {
            " (both resolve to 0, so the controller uses 1)"
        } else {
            ""
        };
        format!(
            "maxUnavailable {v} of {nodes} → {} at a time{tail}",
            self.max_unavailable
        )
    }
}

/// R14 (`ResolveFenceposts`): a Deployment rounds maxSurge up and maxUnavailable down against
/// replicas; if both are 0, maxUnavailable becomes 1. Returns (maxSurge, maxUnavailable).
pub fn deployment_budget(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    replicas: i64,
) -> Result<(i64, i64), ScaleError> {
    let zero = IntOrString::Int(0);
    let surge = scaled_value(max_surge.unwrap_or(&zero), replicas, true)?;
    let mut unavailable = scaled_value(max_unavailable.unwrap_or(&zero), replicas, false)?;
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    Ok((surge, unavailable))
}

/// R11: a Deployment's defaults, for comparison: 25% and 25%.
pub fn deployment_defaults() -> (IntOrString, IntOrString) {
    (
        IntOrString::Str("25%".into()),
        IntOrString::Str("25%".into()),
    )
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
