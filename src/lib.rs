//! kring: a static-site generator for the learning networks of Dutch social neighbourhood teams.
//!
//! The pipeline runs one way: config -> content -> markdown -> site graph -> render -> output.

// Diagnostics are returned by value on the rare error path; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod edit;
pub mod markdown;
pub mod output;
pub mod privacy;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
