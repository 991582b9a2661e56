//! The double's audit events: one logical event rendered as a v1 `AuditEvent` or a v2
//! `Event`, generated deterministically across the event families of the CAST AI docs.

use crate::rng::Rng;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::time::Duration;

pub type Timestamp = DateTime<Utc>;

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `user`, `internal` or `csp` (v2 actor type).
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    /// Absent for system calls.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimEvent {
    pub id: String,
    /// When it happened (v1 `time`, v2 `occurredAt`).
    pub time: Timestamp,
    /// When the API starts returning it; later than `time` for late-ingested events.
    pub visible_at: Timestamp,
    pub cluster_id: String,
    pub tenant_id: String,
    /// v1 `eventType`, e.g. `clusterDeleted`.
    pub event_type: String,
    /// v2 `domain.resource.action`.
    pub domain: String,
    pub resource: String,
    pub action: String,
    pub severity_text: &'static str,
    pub description: String,
    pub actor: Actor,
    pub resource_id: String,
    pub resource_name: String,
    /// v1 `event` / v2 body.
    pub payload: Value,
    pub correlation_id: Option<String>,
}

impl SimEvent {
    /// OTel severity number of the v2 text (info 9, warn 13, error 17).
    pub fn severity_number(&self) -> u32 {
        match self.severity_text {
            "warn" => 13,
            "error" => 17,
            _ => 9,
        }
    }
}

/// One row per kind of event: v1 type, v2 domain/resource/action, severity, family.
struct Kind {
    event_type: &'static str,
    domain: &'static str,
    resource: &'static str,
    action: &'static str,
    severity: &'static str,
    family: &'static str,
}

const KINDS: &[Kind] = &[
    Kind {
        event_type: "clusterCreated",
        domain: "cluster",
        resource: "cluster",
        action: "created",
        severity: "info",
        family: "cluster",
    },
    Kind {
        event_type: "clusterDeleted",
        domain: "cluster",
        resource: "cluster",
        action: "deleted",
        severity: "warn",
        family: "cluster",
    },
    Kind {
        event_type: "clusterPaused",
        domain: "cluster",
        resource: "cluster",
        action: "paused",
        severity: "info",
        family: "cluster",
    },
    Kind {
        event_type: "clusterHibernated",
        domain: "cluster",
        resource: "cluster",
        action: "hibernated",
        severity: "info",
        family: "cluster",
    },
    Kind {
        event_type: "rebalancingPlanCreated",
        domain: "autoscaler",
        resource: "rebalancing",
        action: "initiated",
        severity: "info",
        family: "cluster",
    },
    Kind {
        event_type: "nodeAdded",
        domain: "autoscaler",
        resource: "node",
        action: "created",
        severity: "info",
        family: "node",
    },
    Kind {
        event_type: "nodeRemoved",
        domain: "autoscaler",
        resource: "node",
        action: "deleted",
        severity: "info",
        family: "node",
    },
    Kind {
        event_type: "addNodeFailed",
        domain: "autoscaler",
        resource: "node",
        action: "failed",
        severity: "error",
        family: "node",
    },
    Kind {
        event_type: "nodesInterrupted",
        domain: "autoscaler",
        resource: "node",
        action: "interrupted",
        severity: "warn",
        family: "spot",
    },
    Kind {
        event_type: "policiesUpdated",
        domain: "autoscaler",
        resource: "policy",
        action: "updated",
        severity: "info",
        family: "policy",
    },
    Kind {
        event_type: "nodeTemplateCreated",
        domain: "autoscaler",
        resource: "node_template",
        action: "created",
        severity: "info",
        family: "policy",
    },
    Kind {
        event_type: "instanceTypeChanged",
        domain: "workload",
        resource: "instance",
        action: "updated",
        severity: "info",
        family: "instance",
    },
    Kind {
        event_type: "podEvicted",
        domain: "workload",
        resource: "pod",
        action: "evicted",
        severity: "warn",
        family: "pod",
    },
];

/// How a data set is made.
#[derive(Debug, Clone)]
pub struct Generator {
    pub seed: u64,
    /// Cluster ids events belong to.
    pub clusters: Vec<String>,
    /// Consecutive events sharing one timestamp (≥ 1); makes ties across page edges.
    pub tie_group: usize,
}

impl Default for Generator {
    fn default() -> Self {
        let mut rng = Rng::new(7);
        Generator {
            seed: 1,
            clusters: (0..3).map(|_| rng.uuid()).collect(),
            tie_group: 1,
        }
    }
}

impl Generator {
    /// `n` events spread evenly over `[now - span, now - 1s]`, visible at once.
    pub fn generate(&self, n: usize, span: Duration, now: Timestamp) -> Vec<SimEvent> {
        let mut rng = Rng::new(self.seed);
        let groups = n.div_ceil(self.tie_group.max(1)).max(1);
        let span = span.saturating_sub(Duration::from_secs(1));
        let start = now
            - chrono::Duration::from_std(span).unwrap_or_default()
            - chrono::Duration::seconds(1);
        let step = span.as_micros() as i64 / groups as i64;
        (0..n)
            .map(|i| {
                let group = (i / self.tie_group.max(1)) as i64;
                let time = start + chrono::Duration::microseconds(step * group);
                self.event(&mut rng, time, time)
            })
            .collect()
    }

    /// One event at `time`, visible from `visible_at`.
    pub fn event(&self, rng: &mut Rng, time: Timestamp, visible_at: Timestamp) -> SimEvent {
        let kind = rng.pick(KINDS);
        let cluster_id = if self.clusters.is_empty() {
            rng.uuid()
        } else {
            rng.pick(&self.clusters).clone()
        };
        let actor = actor(rng, kind.family);
        let resource_id = rng.uuid();
        let resource_name = format!("{}-{}", kind.resource, rng.below(1000));
        let payload = payload(kind, &cluster_id, &resource_id, &resource_name, rng);
        SimEvent {
            id: rng.uuid(),
            time,
            visible_at,
            cluster_id,
            tenant_id: "5d9a3b8e-6c1f-4e0a-9b7d-2f4c8a1e3b60".to_string(),
            event_type: kind.event_type.to_string(),
            domain: kind.domain.to_string(),
            resource: kind.resource.to_string(),
            action: kind.action.to_string(),
            severity_text: kind.severity,
            description: format!("{} {} {}", kind.resource, resource_name, kind.action),
            actor,
            resource_id,
            resource_name,
            payload,
            correlation_id: (rng.below(3) == 0).then(|| rng.uuid()),
        }
    }
}

fn actor(rng: &mut Rng, family: &str) -> Actor {
    if family == "node" || family == "spot" || rng.below(2) == 0 {
        return Actor {
            kind: "internal",
            id: "internal|autoscaler".into(),
            name: "Autoscaler".into(),
            email: None,
        };
    }
    let n = rng.below(50);
    Actor {
        kind: "user",
        id: format!("google-oauth2|10{n:05}"),
        name: format!("User {n}"),
        email: Some(format!("user{n}@example.com")),
    }
}

fn payload(kind: &Kind, cluster: &str, id: &str, name: &str, rng: &mut Rng) -> Value {
    match kind.family {
        "cluster" => json!({"cluster": {"id": cluster, "name": format!("prod-{}", rng.below(9)),
            "providerType": rng.pick(&["gke", "eks", "aks"]), "region": "europe-west1"}}),
        "node" | "spot" => json!({"node": {"id": id, "name": name,
            "instanceType": rng.pick(&["n2-standard-4", "m5.large", "c6i.xlarge"]),
            "spot": kind.family == "spot"}, "reason": kind.action}),
        "policy" => {
            json!({"policy": {"enabled": true, "unschedulablePods": {"headroom": {"cpuPercentage": 10}}}})
        }
        "instance" => json!({"instance": {"id": id, "from": "m5.large", "to": "m5.xlarge"}}),
        _ => json!({"pod": {"name": name, "namespace": "default"}, "count": rng.below(5) + 1}),
    }
}
