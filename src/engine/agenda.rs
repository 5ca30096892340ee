//! The rules waiting to be looked at, per stratum, taken in firing order.
//!
//! Each rule has a bit, the bits of a stratum in the order its rules fire (salience, then
//! definition: the order of `KnowledgeBase::strata`), so the next rule is the first set bit.
//! That gives exactly the order a priority queue would, at the cost of a few word operations
//! rather than a heap's sifting, which mattered when most of an assessment was queueing.

use crate::kb::{KnowledgeBase, RuleId};
use std::sync::Arc;

/// Which bit is which rule; the same for every copy of an engine, so shared.
#[derive(Debug)]
struct Order {
    /// Per rule: its bit and its stratum.
    bit: Vec<(usize, usize)>,
    /// Per bit: its rule (bits past the last rule of a stratum are never set).
    rule: Vec<RuleId>,
    /// Per stratum: its words, `start..end` (each stratum starts a new word).
    words: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Agenda {
    order: Arc<Order>,
    bits: Vec<u64>,
    /// Per stratum: no bit of the stratum is set in a word before this one.
    first: Vec<usize>,
    len: usize,
}

impl Agenda {
    /// An agenda with every rule waiting.
    pub fn full(kb: &KnowledgeBase) -> Agenda {
        let mut order = Order {
            bit: vec![(0, 0); kb.rules.len()],
            rule: Vec::with_capacity(kb.rules.len()),
            words: Vec::with_capacity(kb.strata.len()),
        };
        let mut bits = Vec::new();
        for (stratum, rules) in kb.strata.iter().enumerate() {
            let start = order.rule.len() / 64;
            for &rule in rules {
                order.bit[rule] = (order.rule.len(), stratum);
                order.rule.push(rule);
            }
            let end = order.rule.len().div_ceil(64);
            order.rule.resize(end * 64, RuleId::MAX);
            bits.resize(end, u64::MAX);
            if rules.len() % 64 != 0 {
                bits[end - 1] = (1 << (rules.len() % 64)) - 1;
            }
            order.words.push((start, end));
        }
        Agenda {
            first: order.words.iter().map(|&(start, _)| start).collect(),
            order: Arc::new(order),
            bits,
            len: kb.rules.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds a rule unless it is waiting already; returns its stratum if it was added.
    pub fn push(&mut self, rule: RuleId) -> Option<usize> {
        let (bit, stratum) = self.order.bit[rule];
        let word = &mut self.bits[bit / 64];
        if *word & (1 << (bit % 64)) != 0 {
            return None;
        }
        *word |= 1 << (bit % 64);
        self.len += 1;
        self.first[stratum] = self.first[stratum].min(bit / 64);
        Some(stratum)
    }

    /// Takes the first rule of `stratum` in firing order.
    pub fn pop(&mut self, stratum: usize) -> Option<RuleId> {
        let end = self.order.words[stratum].1;
        let mut word = self.first[stratum];
        while word < end && self.bits[word] == 0 {
            word += 1;
        }
        self.first[stratum] = word;
        if word == end {
            return None;
        }
        let bit = self.bits[word].trailing_zeros() as usize;
        self.bits[word] &= !(1 << bit);
        self.len -= 1;
        Some(self.order.rule[word * 64 + bit])
    }
}
