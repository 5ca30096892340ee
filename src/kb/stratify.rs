//! Stratified negation: orders the rules so that a rule reading `not X` of a concept X runs
//! only after every rule that could derive X, and rejects rule sets where that is impossible.
//!
//! Concepts form a graph: an edge D → C when a rule deriving C reads D, marked negative when it
//! reads D under a negation. Each strongly connected component shares a stratum; a negative
//! edge inside a component is a cycle through negation, which has no well-defined meaning.

use super::{Action, Fact, Rule, RuleId};
use crate::condition::FactId;

pub struct Stratified {
    pub strata: Vec<Vec<RuleId>>,
    pub rule_stratum: Vec<usize>,
    pub readers: Vec<Vec<RuleId>>,
    pub derivers: Vec<Vec<RuleId>>,
    /// The stratum in which each concept is settled (0 for findings).
    pub fact_stratum: Vec<usize>,
}

/// A cycle through negation: the concept that depends on its own absence, and the rules of the
/// cycle in dependency order.
#[derive(Debug)]
pub struct Cycle {
    pub concept: FactId,
    pub rules: Vec<RuleId>,
}

struct Edge {
    from: FactId,
    to: FactId,
    negative: bool,
    rule: RuleId,
}

/// The facts a rule reads, each once, with whether any read is under a negation.
pub fn reads(rule: &Rule) -> Vec<(FactId, bool)> {
    let mut out: Vec<(FactId, bool)> = Vec::new();
    rule.when.visit_facts(
        true,
        &mut |fact, positive| match out.iter_mut().find(|(f, _)| *f == fact) {
            Some(entry) => entry.1 &= positive,
            None => out.push((fact, positive)),
        },
    );
    out
}

pub fn derived(rule: &Rule) -> impl Iterator<Item = FactId> + '_ {
    rule.then.iter().filter_map(|a| match a {
        Action::Derive(c) => Some(*c),
        _ => None,
    })
}

pub fn stratify(facts: &[Fact], rules: &[Rule]) -> Result<Stratified, Vec<Cycle>> {
    let mut readers = vec![Vec::new(); facts.len()];
    let mut derivers = vec![Vec::new(); facts.len()];
    let mut edges = Vec::new();
    let rule_reads: Vec<Vec<(FactId, bool)>> = rules.iter().map(reads).collect();
    for (r, rule) in rules.iter().enumerate() {
        for &(fact, _) in &rule_reads[r] {
            readers[fact].push(r);
        }
        for concept in derived(rule) {
            if !derivers[concept].contains(&r) {
                derivers[concept].push(r);
            }
            for &(fact, positive) in &rule_reads[r] {
                if facts[fact].is_concept() {
                    edges.push(Edge {
                        from: fact,
                        to: concept,
                        negative: !positive,
                        rule: r,
                    });
                }
            }
        }
    }

    let mut outgoing = vec![Vec::new(); facts.len()];
    for (e, edge) in edges.iter().enumerate() {
        outgoing[edge.from].push(e);
    }
    let successors: Vec<Vec<usize>> = outgoing
        .iter()
        .map(|out| out.iter().map(|&e| edges[e].to).collect())
        .collect();
    let components = strongly_connected(&successors, 0..facts.len());
    let mut component_of = vec![0; facts.len()];
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            component_of[m] = c;
        }
    }

    let cycles: Vec<Cycle> = edges
        .iter()
        .filter(|e| e.negative && component_of[e.from] == component_of[e.to])
        .map(|e| Cycle {
            concept: e.from,
            rules: cycle_rules(e, &edges, &outgoing, &component_of),
        })
        .collect();
    if !cycles.is_empty() {
        // One report per cycle: several negative edges may close the same loop.
        let mut seen: Vec<Vec<RuleId>> = Vec::new();
        let unique = cycles
            .into_iter()
            .filter(|c| {
                let mut key = c.rules.clone();
                key.sort();
                let new = !seen.contains(&key);
                seen.push(key);
                new
            })
            .collect();
        return Err(unique);
    }

    // Tarjan yields components with dependents first; walk it backwards to settle
    // every component after the ones it reads.
    let mut incoming = vec![Vec::new(); facts.len()];
    for (e, edge) in edges.iter().enumerate() {
        incoming[edge.to].push(e);
    }
    let mut fact_stratum = vec![0; facts.len()];
    for members in components.iter().rev() {
        let mut stratum = 0;
        for &m in members {
            for edge in incoming[m]
                .iter()
                .map(|&e| &edges[e])
                .filter(|e| component_of[e.from] != component_of[m])
            {
                stratum = stratum.max(fact_stratum[edge.from] + usize::from(edge.negative));
            }
        }
        for &m in members {
            fact_stratum[m] = stratum;
        }
    }

    let rule_stratum: Vec<usize> = rule_reads
        .iter()
        .map(|reads| {
            reads
                .iter()
                .map(|&(f, positive)| {
                    fact_stratum[f] + usize::from(!positive && facts[f].is_concept())
                })
                .max()
                .unwrap_or(0)
        })
        .collect();
    let count = rule_stratum
        .iter()
        .chain(fact_stratum.iter())
        .max()
        .map_or(1, |m| m + 1);
    let mut strata = vec![Vec::new(); count];
    for (r, &s) in rule_stratum.iter().enumerate() {
        strata[s].push(r);
    }
    for stratum in &mut strata {
        stratum.sort_by_key(|&r| (std::cmp::Reverse(rules[r].salience), r));
    }
    Ok(Stratified {
        strata,
        rule_stratum,
        readers,
        derivers,
        fact_stratum,
    })
}

/// The rules along a cycle closed by the negative edge `closing`: a path back from its target
/// to its source inside the component, found breadth-first.
fn cycle_rules(
    closing: &Edge,
    edges: &[Edge],
    outgoing: &[Vec<usize>],
    component_of: &[usize],
) -> Vec<RuleId> {
    let component = component_of[closing.from];
    let mut came_by: Vec<Option<usize>> = vec![None; component_of.len()];
    let mut queue = std::collections::VecDeque::from([closing.to]);
    let mut visited = vec![false; component_of.len()];
    visited[closing.to] = true;
    while let Some(node) = queue.pop_front() {
        if node == closing.from {
            break;
        }
        for &e in &outgoing[node] {
            let next = edges[e].to;
            if component_of[next] == component && !visited[next] {
                visited[next] = true;
                came_by[next] = Some(e);
                queue.push_back(next);
            }
        }
    }
    // Walk back from the source to the target, then read it forwards after the closing rule.
    let mut back = Vec::new();
    let mut node = closing.from;
    while node != closing.to {
        let Some(e) = came_by[node] else { break };
        back.push(edges[e].rule);
        node = edges[e].from;
    }
    let mut path = vec![closing.rule];
    path.extend(back.into_iter().rev());
    path.dedup();
    path
}

/// Tarjan's strongly connected components of the graph `successors` (each node's successor
/// nodes), searched from `roots`, iteratively (deep rule chains must not overflow the stack).
/// A component comes after every component it reaches.
pub fn strongly_connected(
    successors: &[Vec<usize>],
    roots: impl IntoIterator<Item = usize>,
) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let nodes = successors.len();
    let mut index = vec![UNSEEN; nodes];
    let mut low = vec![0; nodes];
    let mut on_stack = vec![false; nodes];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for start in roots {
        if index[start] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if let Some(&to) = successors[node].get(*next) {
                *next += 1;
                if index[to] == UNSEEN {
                    index[to] = counter;
                    low[to] = counter;
                    counter += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[node]);
                }
                if low[node] == index[node] {
                    let mut component = Vec::new();
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component.push(member);
                        if member == node {
                            break;
                        }
                    }
                    components.push(component);
                }
            }
        }
    }
    components
}
