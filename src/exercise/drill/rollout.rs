//! Rolling-update questions: is this updateStrategy valid (R12, in the API server's words), how
//! many pods may be down or surged at once for this desired count (R11, R13), and what a
//! Deployment with the same values would do (R14). Every number comes from
//! `placement::rollout` and `placement::validation`; nothing is recomputed here.

use super::exercise::{Exercise, Row, RowInput, RowValue, value_of};
use super::predict::expectations;
use super::rule_key::Practice;
use super::scene::Scene;
use super::score::{Graded, ItemResult};
use super::step::{Built, Step, ds_ref, mixed_or_trap, nodes_table};
use super::{Difficulty, DrillError, RuleKey, gates};
use crate::placement::objects::{DaemonSet, IntOrString, RollingUpdateDaemonSet, UpdateStrategy};
use crate::placement::rollout::{
    ON_DELETE, ROLLING_UPDATE, daemonset_budget, deployment_budget, deployment_defaults,
};
use crate::placement::validation::validate_daemonset;
use rand::Rng;
use rand::rngs::StdRng;
use serde::Serialize;

/// What a Deployment with `replicas = desired` and the same rollingUpdate fields resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentContrast {
    pub max_surge: i64,
    pub max_unavailable: i64,
    /// The values it was resolved from (the Deployment's defaults, 25%/25%, where omitted).
    pub max_surge_value: String,
    pub max_unavailable_value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutQuestion {
    /// desiredNumberScheduled: given in the prompt, or computed by the engine from the nodes.
    pub desired: i64,
    pub desired_from_nodes: bool,
    /// The strategy as written (it is also in the DaemonSet).
    pub strategy: Option<UpdateStrategy>,
    pub valid: bool,
    /// The API server's errors for `spec.updateStrategy` (R12).
    pub errors: Vec<String>,
    /// Resolved budget (R13) when valid.
    pub max_unavailable: Option<i64>,
    pub max_surge: Option<i64>,
    pub explain: String,
    /// Asked in medium and hard drills for a valid RollingUpdate.
    pub deployment: Option<DeploymentContrast>,
}

/// The learner's answer; numbers left `None` count as wrong when they are asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutAnswer {
    pub valid: bool,
    pub max_unavailable: Option<i64>,
    pub max_surge: Option<i64>,
    pub deployment_max_unavailable: Option<i64>,
    pub deployment_max_surge: Option<i64>,
}

/// Draws an update strategy for the difficulty: easy ones are valid, medium adds the classic
/// invalid ones (trap 8), hard adds both-zero, over 100%, 1% and OnDelete.
pub fn draw_strategy(rng: &mut StdRng, difficulty: Difficulty) -> Option<UpdateStrategy> {
    let pct = |rng: &mut StdRng| {
        let p = [10, 20, 25, 30, 40, 50][rng.random_range(0..6)];
        IntOrString::Str(format!("{p}%"))
    };
    let int = |rng: &mut StdRng| IntOrString::Int(rng.random_range(1..=3));
    let zero = || Some(IntOrString::Int(0));
    let ru = |u: Option<IntOrString>, s: Option<IntOrString>| {
        Some(UpdateStrategy {
            kind: ROLLING_UPDATE.to_owned(),
            rolling_update: Some(RollingUpdateDaemonSet {
                max_unavailable: u,
                max_surge: s,
            }),
        })
    };
    let choices = match difficulty {
        Difficulty::Easy => 4,
        Difficulty::Medium => 8,
        Difficulty::Hard => 12,
    };
    match rng.random_range(0..choices) {
        // R11: omitted entirely → RollingUpdate, maxUnavailable 1, maxSurge 0.
        0 => None,
        1 => ru(Some(int(rng)), None),
        2 => ru(Some(pct(rng)), None),
        3 => ru(zero(), Some(int(rng))),
        4 => ru(zero(), Some(pct(rng))),
        5 => ru(Some(pct(rng)), zero()),
        // Trap 8: maxUnavailable defaults to 1, so a lone maxSurge is rejected.
        6 => ru(None, Some(int(rng))),
        7 => ru(Some(int(rng)), Some(int(rng))),
        // Both zero (R12: "cannot be 0 when maxSurge is 0"); "0%" counts as zero.
        8 => ru(Some(IntOrString::Str("0%".into())), None),
        9 => ru(Some(IntOrString::Str("150%".into())), zero()),
        10 => ru(Some(IntOrString::Str("1%".into())), zero()),
        _ => Some(UpdateStrategy {
            kind: ON_DELETE.to_owned(),
            rolling_update: None,
        }),
    }
}

impl RolloutQuestion {
    /// Builds the question for a DaemonSet (carrying its strategy) and a desired count.
    pub fn new(
        ds: &DaemonSet,
        desired: i64,
        desired_from_nodes: bool,
        ask_deployment: bool,
    ) -> Self {
        let strategy = ds.spec.update_strategy.clone();
        let errors: Vec<String> = validate_daemonset(ds, gates())
            .into_iter()
            .filter(|e| e.path.starts_with("spec.updateStrategy"))
            .map(|e| e.to_string())
            .collect();
        let valid = errors.is_empty();
        let budget = valid
            .then(|| daemonset_budget(strategy.as_ref(), desired).ok())
            .flatten();
        let is_rolling = strategy.as_ref().is_none_or(|s| s.kind != ON_DELETE);
        let deployment = (ask_deployment && valid && is_rolling)
            .then(|| deployment_contrast(strategy.as_ref(), desired))
            .flatten();
        RolloutQuestion {
            desired,
            desired_from_nodes,
            valid,
            max_unavailable: budget.as_ref().map(|b| b.max_unavailable),
            max_surge: budget.as_ref().map(|b| b.max_surge),
            explain: budget.as_ref().map(|b| b.explain()).unwrap_or_default(),
            deployment,
            errors,
            strategy,
        }
    }

    pub fn expected(&self) -> RolloutAnswer {
        RolloutAnswer {
            valid: self.valid,
            max_unavailable: self.max_unavailable,
            max_surge: self.max_surge,
            deployment_max_unavailable: self.deployment.as_ref().map(|d| d.max_unavailable),
            deployment_max_surge: self.deployment.as_ref().map(|d| d.max_surge),
        }
    }

    /// The field as written, if any (None when omitted and defaulted, R11).
    fn written(&self, surge: bool) -> Option<&IntOrString> {
        let ru = self.strategy.as_ref()?.rolling_update.as_ref()?;
        if surge {
            ru.max_surge.as_ref()
        } else {
            ru.max_unavailable.as_ref()
        }
    }

    fn number_key(&self, surge: bool) -> RuleKey {
        if self.strategy.as_ref().is_some_and(|s| s.kind == ON_DELETE) {
            return RuleKey::RolloutRounding;
        }
        match self.written(surge) {
            None => RuleKey::RolloutDefaults,
            Some(_) => RuleKey::RolloutRounding,
        }
    }

    /// Why a resolved number is what it is: a default (R11), an int as is, or a percentage of
    /// desiredNumberScheduled rounded up (R13), then the budget in one line.
    fn number_reason(&self, surge: bool, resolved: i64) -> (&'static str, String) {
        let field = if surge { "maxSurge" } else { "maxUnavailable" };
        let is_on_delete = self.strategy.as_ref().is_some_and(|s| s.kind == ON_DELETE);
        let (id, head) = match self.written(surge) {
            _ if is_on_delete => (
                "R13",
                format!("{field} is 0: OnDelete has no rolling update"),
            ),
            None => (
                "R11",
                format!(
                    "{field} is not set, so a DaemonSet defaults it to {}",
                    if surge { 0 } else { 1 }
                ),
            ),
            Some(IntOrString::Int(i)) => ("R13", format!("{field}: {i} is used as is")),
            Some(IntOrString::Str(p)) => (
                "R13",
                format!(
                    "{field}: {p} of desiredNumberScheduled {} is rounded up to {resolved}",
                    self.desired
                ),
            ),
        };
        (id, format!("{head}; {}", self.explain))
    }

    pub fn grade(&self, answer: &RolloutAnswer) -> Graded {
        let mut items = vec![ItemResult {
            item: "valid".into(),
            cluster: None,
            correct: answer.valid == self.valid,
            expected: valid_text(self.valid).into(),
            given: valid_text(answer.valid).into(),
            rule: RuleKey::RolloutValidation,
            rule_id: "R12".into(),
            reason: if self.valid {
                "exactly one of maxUnavailable and maxSurge is non-zero and each is a non-negative int or a percentage up to 100% (R12)".into()
            } else {
                format!("the API server rejects it: {}", self.errors.join("; "))
            },
        }];
        let number =
            |item: &str, want: i64, got: Option<i64>, rule: RuleKey, id: &str, why: String| {
                ItemResult {
                    item: item.into(),
                    cluster: None,
                    correct: got == Some(want),
                    expected: want.to_string(),
                    given: got.map_or("-".into(), |g| g.to_string()),
                    rule,
                    rule_id: id.into(),
                    reason: why,
                }
            };
        if let (Some(u), Some(s)) = (self.max_unavailable, self.max_surge) {
            for (surge, item, want, got) in [
                (false, "maxUnavailable", u, answer.max_unavailable),
                (true, "maxSurge", s, answer.max_surge),
            ] {
                let (id, why) = self.number_reason(surge, want);
                items.push(number(item, want, got, self.number_key(surge), id, why));
            }
        }
        if let Some(d) = &self.deployment {
            let defaults = if self.written(false).is_none() || self.written(true).is_none() {
                "; a Deployment's omitted fields default to 25% each, a DaemonSet's to maxUnavailable 1 and maxSurge 0 (R11)"
            } else {
                ""
            };
            let why = format!(
                "a Deployment with replicas: {} rounds maxUnavailable {} down to {} and maxSurge {} up to {} (R14){defaults}",
                self.desired,
                d.max_unavailable_value,
                d.max_unavailable,
                d.max_surge_value,
                d.max_surge,
            );
            items.push(number(
                "deploymentMaxUnavailable",
                d.max_unavailable,
                answer.deployment_max_unavailable,
                RuleKey::DeploymentRounding,
                "R14",
                why.clone(),
            ));
            items.push(number(
                "deploymentMaxSurge",
                d.max_surge,
                answer.deployment_max_surge,
                RuleKey::DeploymentRounding,
                "R14",
                why,
            ));
        }
        Graded { items }
    }
}

fn valid_text(v: bool) -> &'static str {
    if v { "valid" } else { "invalid" }
}

/// R14 against the same written fields; a Deployment's omitted fields default to 25% (R11).
fn deployment_contrast(
    strategy: Option<&UpdateStrategy>,
    replicas: i64,
) -> Option<DeploymentContrast> {
    let ru = strategy.and_then(|s| s.rolling_update.as_ref());
    let (default_surge, default_unavailable) = deployment_defaults();
    let surge = ru
        .and_then(|r| r.max_surge.clone())
        .unwrap_or(default_surge);
    let unavailable = ru
        .and_then(|r| r.max_unavailable.clone())
        .unwrap_or(default_unavailable);
    let (max_surge, max_unavailable) =
        deployment_budget(Some(&surge), Some(&unavailable), replicas).ok()?;
    Some(DeploymentContrast {
        max_surge,
        max_unavailable,
        max_surge_value: surge.to_string(),
        max_unavailable_value: unavailable.to_string(),
    })
}

const VALIDITY: &[&str] = &["valid", "invalid"];

impl Exercise for RolloutQuestion {
    type Answer = RolloutAnswer;
    const PRACTISES: &'static [Practice] = &[Practice::Rollout];

    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let Scene {
            builder,
            mut ds,
            trap,
            ..
        } = step.scene();
        let exps = expectations(&ds, &builder.nodes, gates());
        let trap = mixed_or_trap(&exps, trap)?;
        let difficulty = step.difficulty;
        ds.spec.update_strategy = draw_strategy(step.rng, difficulty);
        let from_nodes = difficulty == Difficulty::Hard;
        let desired = if from_nodes {
            exps.iter().filter(|e| e.decision.should_run).count() as i64
        } else {
            [3, 4, 5, 7, 8, 10, 12, 20, 50][step.rng.random_range(0..9)]
        };
        let q = RolloutQuestion::new(&ds, desired, from_nodes, difficulty != Difficulty::Easy);
        let strategy = match &ds.spec.update_strategy {
            None => "updateStrategy is not set.".to_owned(),
            Some(s) => format!(
                "updateStrategy:\n{}",
                serde_saphyr::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
            ),
        };
        let count = if from_nodes {
            format!(
                "It runs in this cluster (work out desiredNumberScheduled first):\n\n{}",
                nodes_table(&builder, &ds).trim_end()
            )
        } else {
            format!("desiredNumberScheduled is {desired}.")
        };
        let deployment = if q.deployment.is_some() {
            format!(
                " And a Deployment with replicas: {desired} and the same rollingUpdate fields: its maxUnavailable and maxSurge?"
            )
        } else {
            String::new()
        };
        Some(Built {
            title: format!("Rolling update of {}", ds.metadata.name),
            prompt: format!(
                "DaemonSet {}: {strategy}\n{count}\n\nIs the strategy valid? If it is, how many pods may be unavailable (maxUnavailable) and surged (maxSurge) at once?{deployment}",
                ds_ref(&ds)
            ),
            nodes: if from_nodes {
                builder.nodes
            } else {
                Vec::new()
            },
            daemonset: ds,
            trap: if from_nodes { trap } else { None },
            question: q,
        })
    }

    fn expected(&self) -> RolloutAnswer {
        RolloutQuestion::expected(self)
    }

    fn grade(&self, answer: &RolloutAnswer) -> Result<Graded, DrillError> {
        Ok(RolloutQuestion::grade(self, answer))
    }

    fn rows(&self) -> Vec<Row> {
        RolloutQuestion::grade(self, &self.expected())
            .items
            .into_iter()
            .map(|i| {
                let input = if i.item == "valid" {
                    RowInput::Choice(VALIDITY)
                } else {
                    RowInput::Number
                };
                Row::new(i.item, input)
            })
            .collect()
    }

    fn answer(&self, rows: &[Row], values: &[RowValue]) -> RolloutAnswer {
        let number = |id: &str| match value_of(rows, values, id) {
            RowValue::Number(n) => Some(i64::from(*n)),
            _ => None,
        };
        RolloutAnswer {
            valid: *value_of(rows, values, "valid") == RowValue::Choice(0),
            max_unavailable: number("maxUnavailable"),
            max_surge: number("maxSurge"),
            deployment_max_unavailable: number("deploymentMaxUnavailable"),
            deployment_max_surge: number("deploymentMaxSurge"),
        }
    }
}
