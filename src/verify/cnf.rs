//! A small circuit builder over the varisat SAT solver: every gate's output literal is defined
//! by a full equivalence (Tseitin), so once the inputs are fixed every gate has exactly one
//! value. That is what makes the encoding exact rather than an over-approximation.
//!
//! Gates fold constants and are hashed structurally, so the two copies of the knowledge base in
//! a monotonicity check share every gate that does not depend on the finding that differs.

use std::collections::HashMap;
use varisat::{ExtendFormula, Lit, Solver};

/// The most gates one circuit may hold (each is a few clauses in the solver and an entry in
/// the structural hash, about 150 bytes all told): past it, building stops and `verify` says
/// it could not decide, rather than run out of memory or solve for minutes. The shipped
/// knowledge base needs under 1,000 per circuit.
pub const MAX_GATES: usize = 200_000;

pub struct Circuit {
    solver: Solver<'static>,
    truth: Lit,
    ands: HashMap<Vec<Lit>, Lit>,
    model: Vec<bool>,
    /// A gate was refused for `MAX_GATES`: the circuit no longer means anything.
    exceeded: bool,
}

impl Circuit {
    pub fn new() -> Circuit {
        let mut solver = Solver::new();
        let truth = solver.new_lit();
        solver.add_clause(&[truth]);
        Circuit {
            solver,
            truth,
            ands: HashMap::new(),
            model: Vec::new(),
            exceeded: false,
        }
    }

    pub fn constant(&self, value: bool) -> Lit {
        if value { self.truth } else { !self.truth }
    }

    pub fn is_const(&self, lit: Lit, value: bool) -> bool {
        lit == self.constant(value)
    }

    /// A free input.
    pub fn input(&mut self) -> Lit {
        self.solver.new_lit()
    }

    /// At most one of the literals is true (pairwise: these lists are short).
    pub fn at_most_one(&mut self, lits: &[Lit]) {
        for (i, &a) in lits.iter().enumerate() {
            for &b in &lits[i + 1..] {
                self.solver.add_clause(&[!a, !b]);
            }
        }
    }

    pub fn and(&mut self, lits: &[Lit]) -> Lit {
        let mut parts: Vec<Lit> = Vec::with_capacity(lits.len());
        for &lit in lits {
            if self.is_const(lit, false) {
                return self.constant(false);
            }
            if !self.is_const(lit, true) {
                parts.push(lit);
            }
        }
        parts.sort();
        parts.dedup();
        if parts.windows(2).any(|w| w[0] == !w[1]) {
            return self.constant(false);
        }
        match parts.len() {
            0 => return self.constant(true),
            1 => return parts[0],
            _ => {}
        }
        if let Some(&out) = self.ands.get(&parts) {
            return out;
        }
        if self.ands.len() >= MAX_GATES {
            self.exceeded = true;
            return self.constant(false);
        }
        let out = self.solver.new_lit();
        for &part in &parts {
            self.solver.add_clause(&[!out, part]);
        }
        let mut back: Vec<Lit> = parts.iter().map(|&p| !p).collect();
        back.push(out);
        self.solver.add_clause(&back);
        self.ands.insert(parts, out);
        out
    }

    pub fn or(&mut self, lits: &[Lit]) -> Lit {
        let negated: Vec<Lit> = lits.iter().map(|&l| !l).collect();
        !self.and(&negated)
    }

    /// `counts[j]` is true iff at least `j` of the literals are true, for `j` in `0..=limit`
    /// (a unary counter built by dynamic programming over the literals).
    pub fn counter(&mut self, lits: &[Lit], limit: usize) -> Vec<Lit> {
        let mut counts = vec![self.constant(false); limit + 1];
        counts[0] = self.constant(true);
        for &lit in lits {
            for j in (1..=limit).rev() {
                let carried = self.and(&[counts[j - 1], lit]);
                counts[j] = self.or(&[counts[j], carried]);
            }
        }
        counts
    }

    /// At least `count` of the literals are true.
    pub fn at_least(&mut self, count: usize, lits: &[Lit]) -> Lit {
        if count > lits.len() {
            return self.constant(false);
        }
        self.counter(lits, count)[count]
    }

    /// Whether a gate was refused for `MAX_GATES` (no answer of the solver counts then).
    pub fn exceeded(&self) -> bool {
        self.exceeded
    }

    /// Solves under the assumptions; on success the model is kept for `value`.
    pub fn solve(&mut self, assumptions: &[Lit]) -> bool {
        self.solver.assume(assumptions);
        // varisat fails only on proof-writing or interruption, neither of which we use.
        let sat = self.solver.solve().unwrap_or(false);
        self.model.clear();
        if sat && let Some(model) = self.solver.model() {
            for lit in model {
                let index = lit.index();
                if self.model.len() <= index {
                    self.model.resize(index + 1, false);
                }
                self.model[index] = lit.is_positive();
            }
        }
        sat
    }

    /// The value of a literal in the last model.
    pub fn value(&self, lit: Lit) -> bool {
        self.model.get(lit.index()).copied().unwrap_or(false) == lit.is_positive()
    }
}
