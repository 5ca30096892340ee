//! The knowledge base as a network: findings → rules → concepts → rules → causes and urgency
//! levels, in Graphviz dot or Mermaid. A picture shows at a glance what a red flag leads to,
//! and which findings feed nothing.

use crate::engine::condition::FactId;
use crate::kb::{Action, KnowledgeBase, RuleId};
use crate::lint::raises_urgency;
use crate::report::score_text;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Finding,
    RedFlag,
    Concept,
    Rule,
    Cause,
    Level,
}

struct Node {
    key: String,
    label: String,
    kind: NodeKind,
}

struct Edge {
    from: String,
    to: String,
    label: String,
    /// A negative read (`not`, `absent`) or evidence against.
    negative: bool,
}

/// The nodes and edges to draw.
struct Net {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

fn fact_key(kb: &KnowledgeBase, f: FactId) -> String {
    let prefix = if kb.facts[f].is_concept() { "c" } else { "f" };
    key(prefix, &kb.facts[f].id)
}

/// A node's name in the drawing: one per id. Mermaid names take no `-`, and ids are lower
/// case, so `-` becomes `H`, which no id holds: `a-b` and `a_b` stay two nodes.
fn key(prefix: &str, id: &str) -> String {
    format!("{prefix}_{}", id.replace('-', "H"))
}

/// Does the rule read a red-flag finding, directly or through the concepts it reads?
fn reads_red_flag(kb: &KnowledgeBase, rule: RuleId) -> bool {
    let mut seen = vec![false; kb.rules.len()];
    let mut todo = vec![rule];
    let mut found = false;
    while let Some(r) = todo.pop() {
        if std::mem::replace(&mut seen[r], true) {
            continue;
        }
        kb.rules[r].when.visit_facts(true, &mut |f, _| {
            found |= kb.facts[f].red_flag;
            if kb.facts[f].is_concept() {
                todo.extend(kb.derivers[f].iter().copied());
            }
        });
    }
    found
}

/// The whole network, or with `red_flags` only the rules that raise the urgency on a red
/// flag, and the rules and facts they depend on.
fn net(kb: &KnowledgeBase, red_flags: bool) -> Net {
    let mut keep = vec![!red_flags; kb.rules.len()];
    if red_flags {
        let mut todo: Vec<RuleId> = (0..kb.rules.len())
            .filter(|&r| raises_urgency(kb, &kb.rules[r].then) && reads_red_flag(kb, r))
            .collect();
        while let Some(r) = todo.pop() {
            if std::mem::replace(&mut keep[r], true) {
                continue;
            }
            kb.rules[r].when.visit_facts(true, &mut |f, _| {
                if kb.facts[f].is_concept() {
                    todo.extend(kb.derivers[f].iter().copied());
                }
            });
        }
    }
    let mut used_facts = vec![false; kb.facts.len()];
    let mut used_causes = vec![false; kb.causes.len()];
    let mut used_levels = vec![false; kb.levels.len()];
    let mut edges = Vec::new();
    for rule in kb
        .rules
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(r, _)| r)
    {
        let rule_key = key("r", &rule.id);
        let mut reads: Vec<(FactId, bool)> = Vec::new();
        rule.when.visit_facts(true, &mut |f, positive| {
            if !reads.contains(&(f, positive)) {
                reads.push((f, positive));
            }
        });
        for (f, positive) in reads {
            used_facts[f] = true;
            edges.push(Edge {
                from: fact_key(kb, f),
                to: rule_key.clone(),
                label: if positive {
                    String::new()
                } else {
                    "not".into()
                },
                negative: !positive,
            });
        }
        for action in &rule.then {
            match action {
                Action::Derive(f) => {
                    used_facts[*f] = true;
                    edges.push(Edge {
                        from: rule_key.clone(),
                        to: fact_key(kb, *f),
                        label: String::new(),
                        negative: false,
                    });
                }
                Action::Evidence { cause, weight } if !red_flags => {
                    used_causes[*cause] = true;
                    edges.push(Edge {
                        from: rule_key.clone(),
                        to: key("k", &kb.causes[*cause].id),
                        label: format!(
                            "{}{}",
                            if *weight > 0.0 { "+" } else { "" },
                            score_text(*weight)
                        ),
                        negative: *weight < 0.0,
                    });
                }
                Action::Urgency { level, .. } if !red_flags || *level < kb.default_level => {
                    used_levels[*level] = true;
                    edges.push(Edge {
                        from: rule_key.clone(),
                        to: key("l", &kb.levels[*level].id),
                        label: String::new(),
                        negative: false,
                    });
                }
                _ => {}
            }
        }
    }
    let mut nodes = Vec::new();
    for (f, fact) in kb.findings() {
        if used_facts[f] || !red_flags {
            let kind = if fact.red_flag {
                NodeKind::RedFlag
            } else {
                NodeKind::Finding
            };
            nodes.push(Node {
                key: fact_key(kb, f),
                label: fact.id.clone(),
                kind,
            });
        }
    }
    for (f, fact) in kb.facts.iter().enumerate().filter(|(_, f)| f.is_concept()) {
        if used_facts[f] || !red_flags {
            nodes.push(Node {
                key: fact_key(kb, f),
                label: fact.id.clone(),
                kind: NodeKind::Concept,
            });
        }
    }
    for rule in kb
        .rules
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(r, _)| r)
    {
        nodes.push(Node {
            key: key("r", &rule.id),
            label: rule.id.to_string(),
            kind: NodeKind::Rule,
        });
    }
    for (c, cause) in kb.causes.iter().enumerate() {
        if used_causes[c] || !red_flags {
            nodes.push(Node {
                key: key("k", &cause.id),
                label: cause.id.clone(),
                kind: NodeKind::Cause,
            });
        }
    }
    for (l, level) in kb.levels.iter().enumerate() {
        if used_levels[l] || !red_flags {
            nodes.push(Node {
                key: key("l", &level.id),
                label: level.id.to_string(),
                kind: NodeKind::Level,
            });
        }
    }
    Net { nodes, edges }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz dot; render with `dot -Tpng`.
pub fn dot(kb: &KnowledgeBase, red_flags: bool) -> String {
    let net = net(kb, red_flags);
    let mut out = String::new();
    let _ = writeln!(out, "digraph triage {{");
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=white];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for node in &net.nodes {
        let (shape, fill) = match node.kind {
            NodeKind::Finding => ("ellipse", "#e8f0fe"),
            NodeKind::RedFlag => ("ellipse", "#f8d7da"),
            NodeKind::Concept => ("hexagon", "#fff3cd"),
            NodeKind::Rule => ("box", "#f1f3f4"),
            NodeKind::Cause => ("box\", style=\"rounded,filled", "#d4edda"),
            NodeKind::Level => ("octagon", "#f5c6cb"),
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", shape=\"{shape}\", fillcolor=\"{fill}\"];",
            node.key,
            dot_escape(&node.label)
        );
    }
    for edge in &net.edges {
        let mut attrs = Vec::new();
        if !edge.label.is_empty() {
            attrs.push(format!("label=\"{}\"", dot_escape(&edge.label)));
        }
        if edge.negative {
            attrs.push("style=dashed".to_string());
            attrs.push("color=\"#c0392b\"".to_string());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(out, "  \"{}\" -> \"{}\"{attrs};", edge.from, edge.to);
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart, which GitHub renders in Markdown.
pub fn mermaid(kb: &KnowledgeBase, red_flags: bool) -> String {
    let net = net(kb, red_flags);
    let mut out = String::from("flowchart LR\n");
    for node in &net.nodes {
        let label = node.label.replace('"', "#quot;");
        let shape = match node.kind {
            NodeKind::Finding | NodeKind::RedFlag => format!("([\"{label}\"])"),
            NodeKind::Concept => format!("{{{{\"{label}\"}}}}"),
            NodeKind::Rule => format!("[\"{label}\"]"),
            NodeKind::Cause => format!("(\"{label}\")"),
            NodeKind::Level => format!("[[\"{label}\"]]"),
        };
        let _ = writeln!(out, "  {}{shape}", node.key);
    }
    for edge in &net.edges {
        let arrow = match (edge.negative, edge.label.is_empty()) {
            (false, true) => "-->".to_string(),
            (false, false) => format!("-->|\"{}\"|", edge.label),
            (true, true) => "-.->".to_string(),
            (true, false) => format!("-.->|\"{}\"|", edge.label),
        };
        let _ = writeln!(out, "  {} {arrow} {}", edge.from, edge.to);
    }
    let classes = [
        (NodeKind::RedFlag, "redflag", "fill:#f8d7da,stroke:#c0392b"),
        (NodeKind::Concept, "concept", "fill:#fff3cd,stroke:#b7950b"),
        (NodeKind::Cause, "cause", "fill:#d4edda,stroke:#1e8449"),
        (NodeKind::Level, "level", "fill:#f5c6cb,stroke:#922b21"),
    ];
    for (kind, class, style) in classes {
        let members: Vec<&str> = net
            .nodes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.key.as_str())
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  classDef {class} {style}");
            let _ = writeln!(out, "  class {} {class}", members.join(","));
        }
    }
    out
}
