//! Synthetic knowledge bases for benchmarks and tests, reproducible from a seed, at any size.
//!
//! They are shaped like the shipped one: findings grouped by topic (a region of the body, a
//! kind of complaint), a few of them red flags; numbers (`age`) and a choice (`sex`); derived
//! concepts in three layers, the upper ones reading the lower ones, some under `not` (so the
//! rules fall into several strata); urgency rules on the red flags; and evidence for and
//! against causes, mostly within a topic, sometimes across neighbouring topics. Each finding
//! feeds about ten rules, whatever the size, as in the real knowledge base.
//!
//! The same rule network is also written for CLIPS (deftemplates and defrules), for the
//! side-by-side in `bench/compare.py`. Its three-valued logic is encoded exactly: a finding is
//! a fact only once answered (present or absent), a concept is asserted when a rule derives it,
//! and `concept-absent` is asserted when every rule that could derive it is definitely false,
//! which is how `triage` settles a concept to absent. Every condition is a conjunction of such
//! literals (a disjunction only where a concept is derived), so a CLIPS rule fires exactly when
//! the `triage` rule's condition is true. Both are monotone, so they reach the same fired rules
//! whatever the order, and so the same urgency and ranked causes.

use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// How many rules (exactly).
    pub rules: usize,
    /// How many cases (one answers object each).
    pub cases: usize,
    pub seed: u64,
}

/// A generated knowledge base, its cases, and the same in CLIPS.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The knowledge base's YAML files: (file name, text).
    pub files: Vec<(String, String)>,
    /// One answers object per case, as JSON on one line (the contract's answers format).
    pub cases: Vec<String>,
    /// The rule network as CLIPS constructs, with a `report` function that prints the outcome.
    pub clips: String,
    /// Per case, the CLIPS facts to assert (one `(assert ...)` argument list).
    pub clips_cases: Vec<String>,
}

/// The urgency levels, most urgent first, as in the contract.
pub const LEVELS: [&str; 5] = [
    "emergency_ambulance",
    "emergency",
    "urgent",
    "routine",
    "self_care",
];
const DEFAULT_LEVEL: usize = 4;
const MIN_CAUSE_SCORE: i64 = 2;

/// xorshift64*: small, fast and reproducible everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so that small seeds give unrelated streams.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }
}

/// One literal of a condition.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lit {
    /// A yes/no finding, present (true) or absent (false).
    Finding(usize, bool),
    /// A concept, or (false) its negation.
    Concept(usize, bool),
    /// `age` at least (true) or less than (false) a bound.
    Age(bool, u32),
    /// `sex` is this option (0 female, 1 male).
    Sex(usize),
}

impl Lit {
    /// The fact it reads, to keep one literal per fact in a rule.
    fn fact(self) -> (u8, usize) {
        match self {
            Lit::Finding(f, _) => (0, f),
            Lit::Concept(c, _) => (1, c),
            Lit::Age(..) => (2, 0),
            Lit::Sex(_) => (3, 0),
        }
    }
}

#[derive(Debug, Clone)]
enum Then {
    Derive(usize),
    Urgency(usize),
    /// Cause and weight (negative: against).
    Evidence(Vec<(usize, i64)>),
}

#[derive(Debug, Clone)]
struct Rule {
    any: bool,
    when: Vec<Lit>,
    then: Then,
    salience: i32,
}

struct Network {
    findings: usize,
    red_flags: Vec<bool>,
    concepts: usize,
    /// Per concept: its layer (1..=3).
    layer: Vec<usize>,
    causes: usize,
    rules: Vec<Rule>,
    topics: usize,
    /// Per topic: its findings, concepts by layer, and its cause.
    topic_findings: Vec<Vec<usize>>,
    topic_concepts: Vec<[Vec<usize>; 3]>,
}

pub fn generate(config: Config) -> Synthetic {
    let mut rng = Rng::new(config.seed);
    let network = network(&mut rng, config.rules);
    let (cases, clips_cases) = cases(&mut rng, &network, config.cases);
    Synthetic {
        files: yaml_files(&network),
        cases,
        clips: clips(&network),
        clips_cases,
    }
}

fn network(rng: &mut Rng, rule_count: usize) -> Network {
    let topics = (rule_count / 40).max(2);
    let findings = (rule_count / 4).max(2 * topics).max(8);
    let concepts = (rule_count / 10).max(topics);
    let causes = topics;
    let red_flags: Vec<bool> = (0..findings).map(|_| rng.chance(0.08)).collect();
    let topic_findings: Vec<Vec<usize>> = (0..topics)
        .map(|t| (t * findings / topics..(t + 1) * findings / topics).collect())
        .collect();
    // Concepts: 60% in layer 1, 30% in layer 2, 10% in layer 3, spread over the topics.
    let mut layer = Vec::with_capacity(concepts);
    let mut topic_concepts: Vec<[Vec<usize>; 3]> = vec![Default::default(); topics];
    for c in 0..concepts {
        let l = match c * 10 / concepts {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        layer.push(l);
        topic_concepts[c % topics][l - 1].push(c);
    }
    let mut network = Network {
        findings,
        red_flags,
        concepts,
        layer,
        causes,
        rules: Vec::with_capacity(rule_count),
        topics,
        topic_findings,
        topic_concepts,
    };

    // Each concept gets one or two deriving rules (about a fifth of the rules in all).
    for c in 0..concepts {
        let topic = c % topics;
        let derivers = if rng.chance(0.5) { 2 } else { 1 };
        for _ in 0..derivers {
            if network.rules.len() + 1 >= rule_count {
                break;
            }
            let rule = deriver(rng, &network, topic, c);
            network.rules.push(rule);
        }
    }
    // Urgency rules on the red flags: about a tenth.
    let urgency_rules = rule_count / 10;
    for _ in 0..urgency_rules {
        if network.rules.len() >= rule_count {
            break;
        }
        let topic = rng.below(topics);
        let rule = urgency(rng, &network, topic);
        network.rules.push(rule);
    }
    // Evidence for and against causes: the rest.
    while network.rules.len() < rule_count {
        let topic = rng.below(topics);
        let rule = evidence(rng, &network, topic);
        network.rules.push(rule);
    }
    network
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| items[rng.below(items.len())])
}

fn finding_lit(rng: &mut Rng, network: &Network, topic: usize) -> Lit {
    let f = pick(rng, &network.topic_findings[topic]).unwrap();
    Lit::Finding(f, !rng.chance(0.15))
}

fn push_unique(when: &mut Vec<Lit>, lit: Lit) {
    if !when.iter().any(|l| l.fact() == lit.fact()) {
        when.push(lit);
    }
}

fn deriver(rng: &mut Rng, network: &Network, topic: usize, concept: usize) -> Rule {
    let layer = network.layer[concept];
    let mut when = Vec::new();
    let mut any = false;
    match layer {
        1 => {
            any = rng.chance(0.3);
            for _ in 0..rng.range(2, 3) {
                let f = pick(rng, &network.topic_findings[topic]).unwrap();
                push_unique(&mut when, Lit::Finding(f, any || !rng.chance(0.15)));
            }
            if !any && rng.chance(0.2) {
                push_unique(&mut when, Lit::Age(true, 10 * rng.range(3, 7) as u32));
            }
        }
        _ => {
            // Read a concept of the layer below, sometimes under `not`, and a finding.
            let below = &network.topic_concepts[topic][layer - 2];
            if let Some(c) = pick(rng, below) {
                push_unique(&mut when, Lit::Concept(c, !rng.chance(0.35)));
            }
            push_unique(&mut when, finding_lit(rng, network, topic));
            if rng.chance(0.3) {
                push_unique(&mut when, finding_lit(rng, network, topic));
            }
        }
    }
    Rule {
        any,
        when,
        then: Then::Derive(concept),
        salience: 50,
    }
}

fn urgency(rng: &mut Rng, network: &Network, topic: usize) -> Rule {
    let flags: Vec<usize> = network.topic_findings[topic]
        .iter()
        .copied()
        .filter(|&f| network.red_flags[f])
        .collect();
    let flag =
        pick(rng, &flags).unwrap_or_else(|| pick(rng, &network.topic_findings[topic]).unwrap());
    let mut when = vec![Lit::Finding(flag, true)];
    if rng.chance(0.5) {
        push_unique(
            &mut when,
            Lit::Finding(pick(rng, &network.topic_findings[topic]).unwrap(), true),
        );
    }
    if rng.chance(0.2) {
        push_unique(&mut when, Lit::Age(true, 50));
    }
    let level = match rng.below(100) {
        0..15 => 0,
        15..50 => 1,
        50..85 => 2,
        _ => 3,
    };
    Rule {
        any: false,
        when,
        then: Then::Urgency(level),
        salience: if level <= 1 { 100 } else { 80 },
    }
}

fn evidence(rng: &mut Rng, network: &Network, topic: usize) -> Rule {
    let mut when = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let lit = match rng.below(100) {
            0..70 => finding_lit(rng, network, topic),
            70..88 => {
                let layers = &network.topic_concepts[topic];
                let all: Vec<usize> = layers.iter().flatten().copied().collect();
                match pick(rng, &all) {
                    Some(c) => Lit::Concept(c, !rng.chance(0.3)),
                    None => finding_lit(rng, network, topic),
                }
            }
            88..95 => Lit::Age(rng.chance(0.5), 10 * rng.range(2, 7) as u32),
            _ => Lit::Sex(rng.below(2)),
        };
        push_unique(&mut when, lit);
    }
    if !when
        .iter()
        .any(|l| matches!(l, Lit::Finding(..) | Lit::Concept(..)))
    {
        push_unique(&mut when, finding_lit(rng, network, topic));
    }
    // Mostly the topic's own cause; sometimes a neighbour's, which makes causes compete.
    let neighbour = |rng: &mut Rng| (topic + 1 + rng.below(2)) % network.topics;
    let cause = if rng.chance(0.8) {
        topic
    } else {
        neighbour(rng)
    };
    let mut effects = vec![(cause, rng.range(1, 4) as i64)];
    if rng.chance(0.25) {
        let other = neighbour(rng);
        if other != cause {
            effects.push((other, -(rng.range(1, 2) as i64)));
        }
    }
    if rng.chance(0.1) {
        effects = vec![(cause, -(rng.range(1, 2) as i64))];
    }
    Rule {
        any: false,
        when,
        then: Then::Evidence(effects),
        salience: 0,
    }
}

fn finding_id(f: usize) -> String {
    format!("f{f:06}")
}

fn concept_id(c: usize) -> String {
    format!("k{c:06}")
}

fn cause_id(c: usize) -> String {
    format!("cause_{c}")
}

fn rule_id(r: usize) -> String {
    format!("r{r:06}")
}

fn yaml_lit(lit: Lit) -> String {
    match lit {
        Lit::Finding(f, true) => finding_id(f),
        Lit::Finding(f, false) => format!("{{{}: absent}}", finding_id(f)),
        Lit::Concept(c, true) => concept_id(c),
        Lit::Concept(c, false) => format!("{{not: {}}}", concept_id(c)),
        Lit::Age(true, bound) => format!("{{age: {{at_least: {bound}}}}}"),
        Lit::Age(false, bound) => format!("{{age: {{less_than: {bound}}}}}"),
        Lit::Sex(option) => format!("{{sex: {}}}", ["female", "male"][option]),
    }
}

fn yaml_files(network: &Network) -> Vec<(String, String)> {
    let mut kb = String::from(
        "# A synthetic knowledge base (examples/gen_kb.rs): not clinical content.\n\
         metadata:\n  name: synthetic\n  version: 1.0.0\n  status: draft\n  \
         last_reviewed: 2026-01-01\n  authors: [gen_kb]\n",
    );
    let _ = writeln!(kb, "  min_cause_score: {MIN_CAUSE_SCORE}");
    kb.push_str("  sources:\n    - id: synthetic\n      title: Generated rules\n");
    let _ = writeln!(kb, "default_level: {}\nlevels:", LEVELS[DEFAULT_LEVEL]);
    for (i, level) in LEVELS.iter().enumerate() {
        let _ = writeln!(
            kb,
            "  - id: {level}\n    label: Level {i}\n    action: What to do at level {i}.\n    emergency: {}",
            i <= 1
        );
    }

    let mut findings = String::from(
        "findings:\n  - id: age\n    kind: number\n    question: How old are you?\n    \
         help: In whole years.\n    unit: years\n    min: 0\n    max: 120\n  \
         - id: sex\n    kind: choice\n    question: What is your sex?\n    help: As recorded.\n    \
         options: [female, male]\n  - id: duration_days\n    kind: number\n    \
         question: How many days?\n    help: Since it started.\n    unit: days\n    min: 0\n    max: 3650\n",
    );
    for f in 0..network.findings {
        let _ = writeln!(
            findings,
            "  - id: {}\n    question: Do you have symptom {f}?\n    help: Synthetic finding {f}.{}",
            finding_id(f),
            if network.red_flags[f] {
                "\n    red_flag: true"
            } else {
                ""
            }
        );
    }
    findings.push_str("concepts:\n");
    for c in 0..network.concepts {
        let _ = writeln!(
            findings,
            "  - id: {}\n    description: Synthetic concept {c} (layer {}).",
            concept_id(c),
            network.layer[c]
        );
    }

    let mut causes = String::from("causes:\n");
    for c in 0..network.causes {
        let _ = writeln!(
            causes,
            "  - id: {}\n    name: Cause {c}\n    description: Synthetic cause {c}.\n    \
             self_care: Rest.\n    see_doctor: If it persists.\n    sources: [synthetic]",
            cause_id(c)
        );
    }

    // Several rules files, as a large knowledge base would be kept: each stays well within the
    // YAML reader's budget of events per file, and they load in parallel.
    let mut rule_files: Vec<(String, String)> = Vec::new();
    let mut rules = String::new();
    for (r, rule) in network.rules.iter().enumerate() {
        if r % RULES_PER_FILE == 0 {
            if r > 0 {
                rule_files.push((format!("rules_{:03}.yaml", r / RULES_PER_FILE - 1), rules));
            }
            rules = String::from("rules:\n");
        }
        let parts: Vec<String> = rule.when.iter().map(|&l| yaml_lit(l)).collect();
        let when = if rule.when.len() == 1 {
            parts[0].clone()
        } else {
            format!(
                "{{{}: [{}]}}",
                if rule.any { "any" } else { "all" },
                parts.join(", ")
            )
        };
        let _ = write!(
            rules,
            "  - id: {}\n    description: Synthetic rule {r}.\n    salience: {}\n    when: {when}\n    then:\n",
            rule_id(r),
            rule.salience
        );
        match &rule.then {
            Then::Derive(c) => {
                let _ = writeln!(rules, "      - derive: {}", concept_id(*c));
            }
            Then::Urgency(level) => {
                let _ = writeln!(
                    rules,
                    "      - urgency: {}\n        reason: Synthetic reason {r}.",
                    LEVELS[*level]
                );
            }
            Then::Evidence(effects) => {
                for &(cause, weight) in effects {
                    let kind = if weight > 0 { "supports" } else { "against" };
                    let _ = writeln!(
                        rules,
                        "      - {kind}: {}\n        weight: {}",
                        cause_id(cause),
                        weight.abs()
                    );
                }
            }
        }
        rules.push_str("    sources: [synthetic]\n");
    }
    if !rules.is_empty() {
        let last = network.rules.len().saturating_sub(1) / RULES_PER_FILE;
        rule_files.push((format!("rules_{last:03}.yaml"), rules));
    }
    let mut files = vec![
        ("causes.yaml".into(), causes),
        ("findings.yaml".into(), findings),
        ("knowledge_base.yaml".into(), kb),
    ];
    files.extend(rule_files);
    files
}

/// Rules per file: a large knowledge base is several files, as the shipped one is, which also
/// lets them be read on every core and keeps less of them in memory at once.
const RULES_PER_FILE: usize = 500;

/// The CLIPS patterns that make a literal true, or false; `var` names a number variable.
fn clips_lit(lit: Lit, truth: bool, var: &str) -> String {
    match lit {
        Lit::Finding(f, present) => {
            let value = if present == truth {
                "present"
            } else {
                "absent"
            };
            format!("(yn (id {}) (v {value}))", finding_id(f))
        }
        Lit::Concept(c, positive) => {
            let template = if positive == truth {
                "concept"
            } else {
                "concept-absent"
            };
            format!("({template} (id {}))", concept_id(c))
        }
        Lit::Age(at_least, bound) => {
            let op = if at_least == truth { ">=" } else { "<" };
            format!("(num (id age) (v ?{var}&:({op} ?{var} {bound})))")
        }
        Lit::Sex(option) => {
            let name = ["female", "male"][option];
            let test = if truth {
                name.to_string()
            } else {
                format!("~{name}")
            };
            format!("(choice (id sex) (v {test}))")
        }
    }
}

fn clips(network: &Network) -> String {
    let mut out = String::from(
        ";; A synthetic knowledge base (examples/gen_kb.rs), the same rule network as rules/*.yaml.\n\
         ;; A finding is a fact once answered; unknown = no fact. See src/synth.rs for the encoding.\n\
         (deftemplate yn (slot id) (slot v))\n\
         (deftemplate num (slot id) (slot v))\n\
         (deftemplate choice (slot id) (slot v))\n\
         (deftemplate concept (slot id))\n\
         (deftemplate concept-absent (slot id))\n\
         (deftemplate rule-false (slot id))\n\
         (deftemplate urgency (slot rule) (slot level))\n\
         (deftemplate evidence (slot rule) (slot cause) (slot weight))\n",
    );
    let _ = writeln!(
        out,
        "(defglobal ?*levels* = (create$ {}))\n(defglobal ?*min-score* = {MIN_CAUSE_SCORE})",
        LEVELS.join(" ")
    );
    let mut derivers: Vec<Vec<usize>> = vec![Vec::new(); network.concepts];
    for (r, rule) in network.rules.iter().enumerate() {
        let id = rule_id(r);
        let vars = |i: usize| format!("n{i}");
        match &rule.then {
            Then::Derive(c) => {
                derivers[*c].push(r);
                let action = format!("(assert (concept (id {})))", concept_id(*c));
                if rule.any {
                    // True when any part is; false when every part is.
                    for (i, &lit) in rule.when.iter().enumerate() {
                        let _ = writeln!(
                            out,
                            "(defrule {id}-t{i} {} => {action})",
                            clips_lit(lit, true, &vars(i))
                        );
                    }
                    let parts: Vec<String> = rule
                        .when
                        .iter()
                        .enumerate()
                        .map(|(i, &l)| clips_lit(l, false, &vars(i)))
                        .collect();
                    let _ = writeln!(
                        out,
                        "(defrule {id}-f {} => (assert (rule-false (id {id}))))",
                        parts.join(" ")
                    );
                } else {
                    let parts: Vec<String> = rule
                        .when
                        .iter()
                        .enumerate()
                        .map(|(i, &l)| clips_lit(l, true, &vars(i)))
                        .collect();
                    let _ = writeln!(out, "(defrule {id} {} => {action})", parts.join(" "));
                    // False when any part is.
                    for (i, &lit) in rule.when.iter().enumerate() {
                        let _ = writeln!(
                            out,
                            "(defrule {id}-f{i} {} => (assert (rule-false (id {id}))))",
                            clips_lit(lit, false, &vars(i))
                        );
                    }
                }
            }
            Then::Urgency(level) => {
                let parts: Vec<String> = rule
                    .when
                    .iter()
                    .enumerate()
                    .map(|(i, &l)| clips_lit(l, true, &vars(i)))
                    .collect();
                let _ = writeln!(
                    out,
                    "(defrule {id} (declare (salience {})) {} => (assert (urgency (rule {id}) (level {}))))",
                    rule.salience,
                    parts.join(" "),
                    level + 1
                );
            }
            Then::Evidence(effects) => {
                let parts: Vec<String> = rule
                    .when
                    .iter()
                    .enumerate()
                    .map(|(i, &l)| clips_lit(l, true, &vars(i)))
                    .collect();
                let actions: Vec<String> = effects
                    .iter()
                    .map(|&(cause, weight)| {
                        format!("(assert (evidence (rule {id}) (cause {cause}) (weight {weight})))")
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "(defrule {id} {} => {})",
                    parts.join(" "),
                    actions.join(" ")
                );
            }
        }
    }
    for (c, rules) in derivers.iter().enumerate() {
        let parts: Vec<String> = rules
            .iter()
            .map(|&r| format!("(rule-false (id {}))", rule_id(r)))
            .collect();
        let _ = writeln!(
            out,
            "(defrule {}-absent {} => (assert (concept-absent (id {}))))",
            concept_id(c),
            parts.join(" "),
            concept_id(c)
        );
    }
    // The outcome: the most urgent level set, and the causes with supporting evidence and a
    // score of at least the minimum, by score, ties by definition order.
    let _ = writeln!(
        out,
        "(deffunction report ()\n\
         \x20 (bind ?level {})\n\
         \x20 (do-for-all-facts ((?u urgency)) (< ?u:level ?level) (bind ?level ?u:level))\n\
         \x20 (bind ?seen (create$))\n\
         \x20 (bind ?keys (create$))\n\
         \x20 (do-for-all-facts ((?e evidence)) (not (member$ ?e:cause ?seen))\n\
         \x20   (bind ?c ?e:cause)\n\
         \x20   (bind ?seen (create$ ?seen ?c))\n\
         \x20   (bind ?score 0)\n\
         \x20   (bind ?for FALSE)\n\
         \x20   (do-for-all-facts ((?x evidence)) (= ?x:cause ?c)\n\
         \x20     (bind ?score (+ ?score ?x:weight))\n\
         \x20     (if (> ?x:weight 0) then (bind ?for TRUE)))\n\
         \x20   (if (and ?for (>= ?score ?*min-score*)) then\n\
         \x20     (bind ?keys (create$ ?keys (+ (* ?score 1000000) (- 999999 ?c))))))\n\
         \x20 (printout t \"U \" (nth$ ?level ?*levels*))\n\
         \x20 (foreach ?k (sort < ?keys) (printout t \" \" (- 999999 (mod ?k 1000000))))\n\
         \x20 (printout t crlf))",
        DEFAULT_LEVEL + 1
    );
    out
}

fn cases(rng: &mut Rng, network: &Network, count: usize) -> (Vec<String>, Vec<String>) {
    let mut json = Vec::with_capacity(count);
    let mut clips = Vec::with_capacity(count);
    for _ in 0..count {
        let mut line = String::from("{");
        let mut facts = String::new();
        if rng.chance(0.9) {
            let age = rng.range(16, 90);
            let _ = write!(line, "\"age\":{age},");
            let _ = write!(facts, "(num (id age) (v {age})) ");
        }
        if rng.chance(0.8) {
            let sex = ["female", "male"][rng.below(2)];
            let _ = write!(line, "\"sex\":\"{sex}\",");
            let _ = write!(facts, "(choice (id sex) (v {sex})) ");
        }
        if rng.chance(0.7) {
            let _ = write!(line, "\"duration_days\":{},", rng.range(1, 60));
        }
        line.push_str("\"findings\":{");
        let mut first = true;
        let topics = if rng.chance(0.3) { 2 } else { 1 };
        for _ in 0..topics {
            let topic = rng.below(network.topics);
            for &f in &network.topic_findings[topic] {
                // Red flags are mostly denied, now and then present (as in a real batch).
                let value = match rng.below(100) {
                    0..12 if network.red_flags[f] => Some("present"),
                    _ if network.red_flags[f] => Some("absent"),
                    0..40 => Some("present"),
                    40..70 => Some("absent"),
                    _ => None,
                };
                if let Some(value) = value {
                    if facts.contains(&format!("(id {}) ", finding_id(f))) {
                        continue;
                    }
                    if !first {
                        line.push(',');
                    }
                    first = false;
                    let _ = write!(line, "\"{}\":\"{value}\"", finding_id(f));
                    let _ = write!(facts, "(yn (id {}) (v {value})) ", finding_id(f));
                }
            }
        }
        line.push_str("}}");
        json.push(line);
        clips.push(facts.trim_end().to_string());
    }
    (json, clips)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_knowledge_base() {
        let config = Config {
            rules: 300,
            cases: 20,
            seed: 7,
        };
        let (a, b) = (generate(config), generate(config));
        assert_eq!(a.files, b.files);
        assert_eq!(a.cases, b.cases);
        assert_eq!(a.clips, b.clips);
        let other = generate(Config { seed: 8, ..config });
        assert_ne!(a.files, other.files);
    }
}
