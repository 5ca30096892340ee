//! Drives the real `triage` executable and checks exactly what a user sees: standard output,
//! standard error and exit status.

mod harness;

mod assess;
mod bad_input;
mod batch;
mod builtin;
mod check;
mod interview;
mod list;
mod scenarios;
