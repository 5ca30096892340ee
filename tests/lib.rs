//! Drives the real `triage` executable and checks exactly what a user sees: standard output,
//! standard error and exit status.

mod harness;

mod assess;
mod bad_input;
mod batch;
mod builtin;
mod catalogue;
mod check;
mod codes;
mod conventions;
mod coverage;
mod diff;
mod docs;
mod edit_effects;
mod explain;
mod fhir;
mod graph;
mod hazards;
mod image;
mod interrupt;
mod interview;
mod lint;
mod list;
mod msrv;
mod person_path;
mod properties;
mod readme;
mod reliability;
mod reliability_round3;
mod rules_trust;
mod scenarios;
mod schema;
mod scripts;
mod spanish;
mod structure;
mod terminal;
mod texts;
mod translations;
mod verify;
mod which_kb;
mod yaml_mistakes;
