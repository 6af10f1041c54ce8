//! kring: a static-site generator for the learning networks of Dutch social neighbourhood teams.
//!
//! The pipeline runs one way: config -> content -> markdown -> site graph -> render -> output.

pub mod config;
pub mod content;
pub mod diagnostic;
